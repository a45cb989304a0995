// The official Node client (@googleapis/chat) against gchat-emulator: the seed's operations, as a new
// user would write them, with `rootUrl` pointing at the emulator. Not part of the default test command
// (it needs the npm registry):
//
//   npm install @googleapis/chat            (in some scratch directory; run this script from there)
//   gchat-emulator --port 0 > url.txt &     node node_interop.mjs "$(head -1 url.txt)"
import assert from 'node:assert/strict';
import {chat, auth} from '@googleapis/chat';

const rootUrl = process.argv[2];
if (!rootUrl) throw new Error('usage: node node_interop.mjs BASE_URL');
const oauth = new auth.OAuth2();
oauth.setCredentials({access_token: 'node-interop-token'});
const client = chat({version: 'v1', rootUrl, auth: oauth});
const messages = client.spaces.messages;
const parent = 'spaces/NODE';

// Text message.
const text = (await messages.create({parent, requestBody: {text: 'Hello, world!'}})).data;
assert.equal(text.text, 'Hello, world!');
assert.match(text.name, /^spaces\/NODE\/messages\//);
assert.equal(text.sender.type, 'BOT');

// Card message.
const cardsV2 = [{cardId: 'createCardMessage', card: {
  header: {title: 'A card message!', subtitle: 'Created with the Chat API',
           imageUrl: 'https://developers.google.com/chat/images/chat-product-icon.png', imageType: 'CIRCLE'},
  sections: [{widgets: [{buttonList: {buttons: [{text: 'Read the docs!',
    onClick: {openLink: {url: 'https://developers.google.com/chat'}}}]}}]}]}}];
const card = (await messages.create({parent, requestBody: {cardsV2}})).data;
assert.equal(card.cardsV2[0].card.header.title, 'A card message!');

// Start a thread, then reply to it.
const messageReplyOption = 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD';
const root = (await messages.create({parent, messageReplyOption,
  requestBody: {text: 'Start', thread: {threadKey: 'node-thread'}}})).data;
const reply = (await messages.create({parent, messageReplyOption,
  requestBody: {text: 'Reply', thread: {threadKey: 'node-thread'}}})).data;
assert.equal(reply.thread.name, root.thread.name);

// Named message, then get it by its client id.
const named = (await messages.create({parent, messageId: 'client-custom-name', requestBody: {text: 'Named'}})).data;
assert.equal(named.clientAssignedMessageId, 'client-custom-name');
const got = (await messages.get({name: `${parent}/messages/client-custom-name`})).data;
assert.equal(got.name, named.name);

// Update text (PUT), update cards (PATCH).
const updated = (await messages.update({name: text.name, updateMask: 'text',
  requestBody: {text: 'Updated message!'}})).data;
assert.equal(updated.text, 'Updated message!');
assert.ok(updated.lastUpdateTime);
const patched = (await messages.patch({name: text.name, updateMask: 'cardsV2', requestBody: {cardsV2}})).data;
assert.equal(patched.cardsV2.length, 1);

// Delete; a get then fails with 404 NOT_FOUND.
await messages.delete({name: card.name});
await assert.rejects(messages.get({name: card.name}), (e) => e.code === 404 && /NOT_FOUND|not found/.test(e.message));

// An error keeps Google's status.
await assert.rejects(messages.create({parent, messageId: 'client-custom-name', requestBody: {text: 'again'}}),
                     (e) => e.code === 409);
const listed = (await messages.list({parent, pageSize: 2})).data;
assert.equal(listed.messages.length, 2);
assert.ok(listed.nextPageToken);
console.log('node interop: all operations passed');

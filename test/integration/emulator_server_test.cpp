// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// The emulator's server side over real loopback sockets: TLS, spaces, members, reactions, media,
// fault injection, the request log, the OAuth token endpoint, persistence and a clean stop.

#include <gchat/auth/jwt.hpp>
#include <gchat/testing/emulator.hpp>
#include <gchat/testing/faults.hpp>

#include "emulator_fixture.hpp"
#include "http_test_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace json = boost::json;
using gchat::test::emulator_fixture;
using gchat::test::http_reply;
using gchat::test::http_test_client;
using gchat::test::str;
using gchat::testing::fault;
using gchat::testing::fault_kind;
using gchat::testing::fault_rule;

namespace {

void check_error(const http_reply& r, unsigned http, std::string_view status) {
    BOOST_TEST_INFO("body: " << r.body);
    BOOST_TEST(r.status == http);
    auto v = r.json();
    BOOST_TEST(v.at("error").at("status").as_string() == status);
    BOOST_TEST(v.at("error").at("code").as_int64() == static_cast<std::int64_t>(http));
    BOOST_TEST(v.at("error").at("details").at(0).at("@type").as_string() ==
               "type.googleapis.com/google.rpc.ErrorInfo");
}

// An RSA key pair for a fake service account (OpenSSL 3 EVP only).
struct rsa_keys {
    std::string private_pem, public_pem;
};

rsa_keys make_rsa_keys() {
    EVP_PKEY* k = EVP_RSA_gen(2048);
    BOOST_TEST_REQUIRE(k != nullptr);
    BIO* a = BIO_new(BIO_s_mem());
    BIO* b = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(a, k, nullptr, nullptr, 0, nullptr, nullptr);
    PEM_write_bio_PUBKEY(b, k);
    char* p = nullptr;
    rsa_keys out;
    long n = BIO_get_mem_data(a, &p);
    out.private_pem.assign(p, static_cast<std::size_t>(n));
    n = BIO_get_mem_data(b, &p);
    out.public_pem.assign(p, static_cast<std::size_t>(n));
    BIO_free(a);
    BIO_free(b);
    EVP_PKEY_free(k);
    return out;
}

std::string form_encode(std::string_view s) {
    std::string o;
    for (char ch : s) {
        if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.' || ch == '_' ||
            ch == '~') {
            o += ch;
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
            o += buf;
        }
    }
    return o;
}

} // namespace

BOOST_AUTO_TEST_SUITE(emulator_server)

// ---- TLS ------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(tls_with_generated_certificate) {
    gchat::testing::emulator_options o;
    o.tls = true;
    emulator_fixture f(o);
    BOOST_TEST(f.emu.endpoint().rfind("https://127.0.0.1:", 0) == 0u);
    BOOST_TEST(f.emu.certificate_pem().find("-----BEGIN CERTIFICATE-----") == 0u);
    auto c = f.client(); // trusts the certificate as its CA, verifies the peer and the host name
    auto r = c.post("/v1/spaces/AAA/messages", R"({"text":"over TLS"})");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(str(r.json(), "text") == "over TLS");
    BOOST_TEST(c.get("/v1/" + str(r.json(), "name")).status == 200u); // keep-alive over TLS
    // A client that does not trust it fails the handshake.
    http_test_client stranger(f.emu.endpoint(),
                              gchat::testing::make_self_signed_certificate()->certificate_pem);
    BOOST_CHECK_THROW(stranger.get("/v1/spaces"), boost::system::system_error);
}

// ---- spaces and members -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(spaces_get_list_and_find_direct_message) {
    gchat::testing::emulator_options o;
    o.spaces = {"spaces/AAA", "spaces/BBB"};
    emulator_fixture f(o);
    auto c = f.client();
    auto s = c.get("/v1/spaces/AAA").json();
    BOOST_TEST(str(s, "name") == "spaces/AAA");
    BOOST_TEST(str(s, "spaceType") == "SPACE");
    auto dm = c.get("/v1/spaces:findDirectMessage?name=users/123").json();
    BOOST_TEST(str(dm, "spaceType") == "DIRECT_MESSAGE");
    auto again = c.get("/v1/spaces:findDirectMessage?name=users/123").json();
    BOOST_TEST(str(again, "name") == str(dm, "name"));
    check_error(c.get("/v1/spaces:findDirectMessage?name=bob"), 400, "INVALID_ARGUMENT");
    auto all = c.get("/v1/spaces").json().at("spaces").as_array();
    BOOST_TEST(all.size() == 3u);
    auto only_dm = c.get("/v1/spaces?filter=" + form_encode("spaceType = \"DIRECT_MESSAGE\"")).json();
    BOOST_TEST(only_dm.at("spaces").as_array().size() == 1u);
    auto both =
        c.get("/v1/spaces?filter=" + form_encode("space_type = \"SPACE\" OR spaceType = \"DIRECT_MESSAGE\""));
    BOOST_TEST(both.json().at("spaces").as_array().size() == 3u);
    check_error(c.get("/v1/spaces?filter=" + form_encode("spaceType = \"SPACE_TYPE_UNSPECIFIED\"")), 400,
                "INVALID_ARGUMENT");
    check_error(c.get("/v1/spaces?filter=" + form_encode("displayName = \"x\"")), 400, "INVALID_ARGUMENT");
    auto page = c.get("/v1/spaces?pageSize=2").json();
    BOOST_TEST(page.at("spaces").as_array().size() == 2u);
    auto rest = c.get("/v1/spaces?pageSize=2&pageToken=" + str(page, "nextPageToken")).json();
    BOOST_TEST(rest.at("spaces").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(members_get_and_list) {
    emulator_fixture f;
    auto c = f.client();
    auto list = c.get("/v1/spaces/AAA/members").json();
    const auto& ms = list.at("memberships").as_array();
    BOOST_TEST_REQUIRE(ms.size() == 1u); // with app authentication, app memberships are left out
    BOOST_TEST(str(ms.at(0), "member.type") == "HUMAN");
    BOOST_TEST(str(ms.at(0), "state") == "JOINED");
    auto name = str(ms.at(0), "name");
    BOOST_TEST(str(c.get("/v1/" + name).json(), "name") == name);
    BOOST_TEST(str(c.get("/v1/spaces/AAA/members/app").json(), "member.name") == "users/app-emulator");
    check_error(c.get("/v1/spaces/AAA/members/nobody"), 404, "NOT_FOUND");
    auto managers = c.get("/v1/spaces/AAA/members?filter=" + form_encode("role = \"ROLE_MANAGER\"")).json();
    BOOST_TEST(managers.at("memberships").as_array().size() == 1u);
    BOOST_TEST(c.get("/v1/spaces/AAA/members?filter=" + form_encode("role = \"ROLE_MEMBER\"")).body == "{}");
    check_error(c.get("/v1/spaces/AAA/members?filter=" + form_encode("email = \"x\"")), 400,
                "INVALID_ARGUMENT");
}

// ---- reactions --------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(reactions_create_list_delete) {
    gchat::testing::emulator_options o;
    o.token_principals["user-token"] = {"users/42", "Someone", gchat::user_type::human};
    emulator_fixture f(o);
    auto c = f.client();
    auto user = f.client("user-token");
    auto msg = str(c.post("/v1/spaces/AAA/messages", R"({"text":"react to me"})").json(), "name");
    auto r1 = c.post("/v1/" + msg + "/reactions", R"({"emoji":{"unicode":"🙂"}})");
    BOOST_TEST_REQUIRE(r1.status == 200u);
    BOOST_TEST(str(r1.json(), "name").rfind(msg + "/reactions/", 0) == 0u);
    BOOST_TEST(str(r1.json(), "user.name") == "users/app-emulator");
    auto r2 = user.post("/v1/" + msg + "/reactions", R"({"emoji":{"unicode":"🙂"}})");
    auto r3 = user.post("/v1/" + msg + "/reactions", R"({"emoji":{"unicode":"🎉"}})");
    BOOST_TEST(r3.status == 200u);
    check_error(c.post("/v1/" + msg + "/reactions", R"({"emoji":{}})"), 400, "INVALID_ARGUMENT");
    auto all = c.get("/v1/" + msg + "/reactions").json();
    BOOST_TEST(all.at("reactions").as_array().size() == 3u);
    auto smiles = c.get("/v1/" + msg + "/reactions?filter=" + form_encode("emoji.unicode = \"🙂\"")).json();
    BOOST_TEST(smiles.at("reactions").as_array().size() == 2u);
    auto by_user =
        c.get("/v1/" + msg + "/reactions?filter=" + form_encode("user.name = \"users/42\"")).json();
    BOOST_TEST(by_user.at("reactions").as_array().size() == 2u);
    // The message sums them up.
    auto m = c.get("/v1/" + msg).json();
    const auto& sums = m.at("emojiReactionSummaries").as_array();
    BOOST_TEST_REQUIRE(sums.size() == 2u);
    BOOST_TEST(sums.at(0).at("reactionCount").as_int64() == 2);
    // Only one's own reactions can be deleted.
    check_error(c.request("DELETE", "/v1/" + str(r2.json(), "name")), 403, "PERMISSION_DENIED");
    BOOST_TEST(user.request("DELETE", "/v1/" + str(r2.json(), "name")).status == 200u);
    check_error(user.request("DELETE", "/v1/" + str(r2.json(), "name")), 404, "NOT_FOUND");
    BOOST_TEST(c.get("/v1/" + msg + "/reactions").json().at("reactions").as_array().size() == 2u);
}

// ---- media
// -------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(media_upload_attach_get_download) {
    emulator_fixture f;
    auto c = f.client();
    std::string data("binary\0data\xff", 12);
    std::string body =
        "--XYZ\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{\"filename\":\"hello.bin\"}\r\n"
        "--XYZ\r\nContent-Type: application/octet-stream\r\n\r\n" +
        data + "\r\n--XYZ--\r\n";
    auto up = c.request("POST", "/upload/v1/spaces/AAA/attachments:upload?uploadType=multipart", body, {},
                        "multipart/related; boundary=XYZ");
    BOOST_TEST_REQUIRE(up.status == 200u);
    auto ref = up.json().at("attachmentDataRef");
    auto resource = str(ref, "resourceName");
    BOOST_TEST(!resource.empty());
    BOOST_TEST(!str(ref, "attachmentUploadToken").empty());
    // Download it back.
    auto dl = c.get("/v1/media/" + resource + "?alt=media");
    BOOST_TEST(dl.status == 200u);
    BOOST_TEST(dl.body == data);
    BOOST_TEST(dl.header("content-type") == "application/octet-stream");
    // Attach it to a message.
    auto msg = c.post("/v1/spaces/AAA/messages",
                      R"({"text":"file","attachment":[{"attachmentDataRef":)" + json::serialize(ref) + "}]}");
    BOOST_TEST_REQUIRE(msg.status == 200u);
    auto att = msg.json().at("attachment").at(0);
    BOOST_TEST(str(att, "contentName") == "hello.bin");
    BOOST_TEST(str(att, "source") == "UPLOADED_CONTENT");
    auto got = c.get("/v1/" + str(att, "name"));
    BOOST_TEST(got.status == 200u);
    BOOST_TEST(str(got.json(), "attachmentDataRef.resourceName") == resource);
    check_error(c.get("/v1/" + str(msg.json(), "name") + "/attachments/nope"), 404, "NOT_FOUND");
    // A simple upload (raw body).
    auto simple =
        c.request("POST", "/upload/v1/spaces/AAA/attachments:upload?uploadType=media&filename=a.txt",
                  "plain text", {}, "text/plain");
    BOOST_TEST_REQUIRE(simple.status == 200u);
    auto plain = c.get("/v1/media/" + str(simple.json(), "attachmentDataRef.resourceName") + "?alt=media");
    BOOST_TEST(plain.body == "plain text");
    BOOST_TEST(plain.header("content-type") == "text/plain");
    check_error(c.get("/v1/media/nothing?alt=media"), 404, "NOT_FOUND");
    check_error(c.post("/v1/spaces/AAA/messages",
                       R"({"attachment":[{"attachmentDataRef":{"resourceName":"forged"}}]})"),
                400, "INVALID_ARGUMENT");
}

BOOST_AUTO_TEST_CASE(body_limit_is_413) {
    gchat::testing::emulator_options o;
    o.body_limit = 1000;
    emulator_fixture f(o);
    auto c = f.client();
    auto r = c.post("/v1/spaces/AAA/messages", R"({"text":")" + std::string(2000, 'a') + "\"}");
    check_error(r, 413, "INVALID_ARGUMENT");
    c.reset();
    BOOST_TEST(c.post("/v1/spaces/AAA/messages", R"({"text":"small"})").status == 200u);
}

// ---- fault injection and the request log ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(scripted_faults) {
    gchat::testing::emulator_options o;
    o.faults = *gchat::testing::parse_fault_rules("spaces.messages.create=503*2,429:7,500,ok");
    emulator_fixture f(o);
    auto c = f.client();
    const std::string url = "/v1/spaces/AAA/messages";
    auto a = c.post(url, R"({"text":"x"})");
    check_error(a, 503, "UNAVAILABLE");
    check_error(c.post(url, R"({"text":"x"})"), 503, "UNAVAILABLE");
    auto b = c.post(url, R"({"text":"x"})");
    check_error(b, 429, "RESOURCE_EXHAUSTED");
    BOOST_TEST(b.header("retry-after") == "7");
    check_error(c.post(url, R"({"text":"x"})"), 500, "INTERNAL");
    BOOST_TEST(c.get("/v1/spaces/AAA/messages").body == "{}"); // other routes unaffected; nothing was created
    BOOST_TEST(c.post(url, R"({"text":"x"})").status == 200u);
    BOOST_TEST(c.post(url, R"({"text":"y"})").status == 200u); // the script is used up
    auto counters = f.on_server([&] { return f.emu.counters(); });
    BOOST_TEST(counters.requests == 7u);
    BOOST_TEST(counters.faults == 4u);
    BOOST_TEST(counters.by_status[503] == 2u);
    BOOST_TEST(counters.by_status[200] == 3u);
    BOOST_TEST(counters.by_route["spaces.messages.create"] == 6u);
    auto log = f.on_server([&] { return f.emu.requests(); });
    BOOST_TEST_REQUIRE(log.size() == 7u);
    BOOST_TEST(log[0].method == "POST");
    BOOST_TEST(log[0].path == "/v1/spaces/AAA/messages");
    BOOST_TEST(log[0].status == 503u);
    BOOST_TEST((log[0].fault == fault_kind::http_503));
    BOOST_TEST(log[4].route == "spaces.messages.list");
}

BOOST_AUTO_TEST_CASE(dropped_connections) {
    emulator_fixture f;
    auto c = f.client();
    f.on_server([&] {
        f.emu.set_faults({fault_rule{"spaces.messages.create",
                                     {fault{fault_kind::drop_before}, fault{fault_kind::drop_after}}}});
        return 0;
    });
    BOOST_CHECK_THROW(c.post("/v1/spaces/AAA/messages?messageId=client-a", R"({"text":"lost"})"),
                      boost::system::system_error);
    c.reset();
    BOOST_TEST(f.on_server([&] { return f.emu.state().message_count("AAA"); }) == 0u); // dropped before
    BOOST_CHECK_THROW(c.post("/v1/spaces/AAA/messages?messageId=client-b", R"({"text":"made"})"),
                      boost::system::system_error);
    c.reset();
    BOOST_TEST(f.on_server([&] { return f.emu.state().message_count("AAA"); }) ==
               1u); // processed, then dropped
    BOOST_TEST(c.get("/v1/spaces/AAA/messages/client-b").status == 200u);
    auto counters = f.on_server([&] { return f.emu.counters(); });
    BOOST_TEST(counters.dropped == 2u);
}

BOOST_AUTO_TEST_CASE(latency_and_probability) {
    gchat::testing::emulator_options o;
    o.faults = {fault_rule{"spaces.get", {}, fault{fault_kind::delay, std::chrono::milliseconds(150)}, 1.0},
                fault_rule{"spaces.messages.*", {}, fault{fault_kind::http_503}, 0.5}};
    emulator_fixture f(o);
    auto c = f.client();
    auto t0 = std::chrono::steady_clock::now();
    BOOST_TEST(c.get("/v1/spaces/AAA").status == 200u);
    BOOST_TEST((std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(150)));
    int failures = 0;
    for (int i = 0; i < 200; ++i)
        failures += c.post("/v1/spaces/AAA/messages", R"({"text":"x"})").status == 503;
    BOOST_TEST(failures > 60);
    BOOST_TEST(failures < 140);
}

BOOST_AUTO_TEST_CASE(fault_rule_syntax) {
    auto r =
        gchat::testing::parse_fault_rules("spaces.messages.create=503*2,ok; *=429:3@0.25;media.*=delay:20@1");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST_REQUIRE(r->size() == 3u);
    BOOST_TEST((*r)[0].script.size() == 3u);
    BOOST_TEST(((*r)[0].script[1].kind == fault_kind::http_503));
    BOOST_TEST(((*r)[0].script[2].kind == fault_kind::none));
    BOOST_TEST((*r)[1].route == "*");
    BOOST_TEST((*r)[1].probability == 0.25);
    BOOST_TEST((*r)[1].effect.retry_after.count() == 3);
    BOOST_TEST((*r)[2].effect.latency.count() == 20);
    for (const char* bad : {"x", "a=", "=ok", "a=teapot", "a=ok@2", "a=503*0", "a=delay", "a=429:x"})
        BOOST_TEST(!gchat::testing::parse_fault_rules(bad).has_value(), bad);
}

// ---- stop
// --------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(stop_finishes_accepted_requests) {
    gchat::testing::emulator_options o;
    o.faults = {
        fault_rule{"spaces.messages.create", {fault{fault_kind::delay, std::chrono::milliseconds(300)}}}};
    emulator_fixture f(o);
    auto idle = f.client();
    BOOST_TEST(idle.get("/v1/spaces/AAA").status == 200u); // an idle keep-alive connection
    auto pending = std::async(std::launch::async, [&] {
        auto c = f.client();
        return c.post("/v1/spaces/AAA/messages", R"({"text":"in flight"})");
    });
    // Wait until the request has been read, then stop.
    for (int i = 0; i < 200 && f.on_server([&] { return f.emu.counters().requests; }) < 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    f.stop();
    auto r = pending.get();
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.header("connection") == "close");
    BOOST_TEST(f.emu.state().message_count("AAA") == 1u);
    // The listener is closed.
    http_test_client late(f.emu.endpoint());
    BOOST_CHECK_THROW(late.get("/v1/spaces"), boost::system::system_error);
}

// ---- OAuth token endpoint
// -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(token_endpoint_jwt_bearer) {
    auto keys = make_rsa_keys();
    auto stranger = make_rsa_keys();
    gchat::testing::emulator_options o;
    o.accepted_tokens = {"static-only"};
    o.service_accounts = {{"bot@project.iam.gserviceaccount.com",
                           keys.public_pem,
                           {"users/app-sa", "SA App", gchat::user_type::bot}}};
    emulator_fixture f(o);
    auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    auto claims = [&](std::int64_t iat, std::int64_t exp) {
        return json::object{{"iss", "bot@project.iam.gserviceaccount.com"},
                            {"scope", "https://www.googleapis.com/auth/chat.bot"},
                            {"aud", "https://oauth2.googleapis.com/token"},
                            {"iat", iat},
                            {"exp", exp}};
    };
    auto exchange = [&](const std::string& assertion,
                        std::string grant = "urn:ietf:params:oauth:grant-type:jwt-bearer") {
        auto c = f.client("");
        return c.request("POST", "/token", "grant_type=" + form_encode(grant) + "&assertion=" + assertion, {},
                         "application/x-www-form-urlencoded");
    };
    auto good = gchat::auth::jwt_sign_rs256(claims(now, now + 3600), keys.private_pem, "kid-1");
    BOOST_TEST_REQUIRE(good.has_value());
    auto r = exchange(*good);
    BOOST_TEST_REQUIRE(r.status == 200u);
    auto token = str(r.json(), "access_token");
    BOOST_TEST(!token.empty());
    BOOST_TEST(str(r.json(), "token_type") == "Bearer");
    BOOST_TEST(r.json().at("expires_in").as_int64() == 3600);
    // The issued token works (and speaks for the service account's app); unknown ones do not.
    auto m = f.client(token).post("/v1/spaces/AAA/messages", R"({"text":"via oauth"})");
    BOOST_TEST(m.status == 200u);
    BOOST_TEST(str(m.json(), "sender.name") == "users/app-sa");
    BOOST_TEST(f.client("ya29.made-up").post("/v1/spaces/AAA/messages", R"({"text":"x"})").status == 401u);
    // Refusals, as OAuth error JSON.
    auto oauth_error = [](const http_reply& x) { return str(x.json(), "error"); };
    BOOST_TEST(oauth_error(exchange(*gchat::auth::jwt_sign_rs256(claims(now, now + 3600),
                                                                 stranger.private_pem))) == "invalid_grant");
    BOOST_TEST(oauth_error(exchange(*gchat::auth::jwt_sign_rs256(claims(now - 7200, now - 3600),
                                                                 keys.private_pem))) == "invalid_grant");
    BOOST_TEST(oauth_error(exchange(*gchat::auth::jwt_sign_rs256(claims(now, now + 7200),
                                                                 keys.private_pem))) == "invalid_grant");
    auto wrong_aud = claims(now, now + 600);
    wrong_aud["aud"] = "https://example.com/token";
    BOOST_TEST(oauth_error(exchange(*gchat::auth::jwt_sign_rs256(wrong_aud, keys.private_pem))) ==
               "invalid_grant");
    auto no_scope = claims(now, now + 600);
    no_scope.erase("scope");
    BOOST_TEST(oauth_error(exchange(*gchat::auth::jwt_sign_rs256(no_scope, keys.private_pem))) ==
               "invalid_scope");
    auto other_iss = claims(now, now + 600);
    other_iss["iss"] = "who@example.com";
    auto r401 = exchange(*gchat::auth::jwt_sign_rs256(other_iss, keys.private_pem));
    BOOST_TEST(r401.status == 401u);
    BOOST_TEST(oauth_error(r401) == "invalid_client");
    BOOST_TEST(oauth_error(exchange(*good, "client_credentials")) == "unsupported_grant_type");
    BOOST_TEST(oauth_error(exchange("not.a.jwt")) == "invalid_grant");
    // A tampered payload fails the signature.
    auto parts = gchat::testing::detail::split(*good, '.');
    auto forged = std::string(parts[0]) + "." +
                  gchat::auth::base64url_encode(json::serialize(claims(now, now + 3000))) + "." +
                  std::string(parts[2]);
    BOOST_TEST(oauth_error(exchange(forged)) == "invalid_grant");
}

// ---- persistence
// ------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(persistence_round_trip) {
    auto path = (std::filesystem::temp_directory_path() /
                 ("gchat-emulator-state-" + std::to_string(::getpid()) + ".json"))
                    .string();
    std::filesystem::remove(path);
    gchat::testing::emulator_options o;
    o.persistence_file = path;
    std::string name;
    {
        emulator_fixture f(o);
        auto c = f.client();
        const std::string fb =
            "/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
        name = str(c.post(fb + "&messageId=client-kept&requestId=r1",
                          R"({"text":"kept","thread":{"threadKey":"k"}})")
                       .json(),
                   "name");
        c.post("/v1/" + name + "/reactions", R"({"emoji":{"unicode":"👍"}})");
        f.stop();
    }
    BOOST_TEST_REQUIRE(std::filesystem::exists(path));
    {
        emulator_fixture f(o);
        auto c = f.client();
        auto g = c.get("/v1/spaces/AAA/messages/client-kept");
        BOOST_TEST_REQUIRE(g.status == 200u);
        BOOST_TEST(str(g.json(), "name") == name);
        BOOST_TEST(g.json().at("emojiReactionSummaries").as_array().size() == 1u);
        // Indexes are rebuilt: the client id, the request id and the thread key still work.
        BOOST_TEST(c.post("/v1/spaces/AAA/messages?messageId=client-kept", R"({"text":"x"})").status == 409u);
        BOOST_TEST(str(c.post("/v1/spaces/AAA/messages?requestId=r1", R"({"text":"x"})").json(), "name") ==
                   name);
        auto reply = c.post("/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_OR_FAIL",
                            R"({"text":"reply","thread":{"threadKey":"k"}})");
        BOOST_TEST(reply.status == 200u);
    }
    std::filesystem::remove(path);
}

BOOST_AUTO_TEST_SUITE_END()

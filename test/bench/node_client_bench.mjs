// The official Node client (@googleapis/chat) creating messages against a running gchat-emulator, for
// comparison with gchat_bench_client (test/bench/client_bench.sh installs the package from the npm registry
// into build/bench/node and runs this from there). Figures go in notes, never in tests.
//
//   node node_client_bench.mjs BASE_URL [--seconds S | --requests N] [--inflight N] [--warmup S]
//
// N async workers, each awaiting one spaces.messages.create at a time (the client's default agent; the
// token is fixed, as in test/interop/node_interop.mjs). Prints one line of key=value pairs, like
// gchat_bench_client: mode=throughput inflight=N requests=... errors=... seconds=... rps=... p50_us=...
// p99_us=... rss_kib=... (the peak of resourceUsage().maxRSS and sampled memoryUsage().rss).
import {chat, auth} from '@googleapis/chat';

const args = process.argv.slice(2);
const rootUrl = args[0];
if (!rootUrl) throw new Error('usage: node node_client_bench.mjs BASE_URL [--seconds S | --requests N] [--inflight N]');
let seconds = 5, requests = 0, inflight = 1, warmup = 0.5;
for (let i = 1; i + 1 < args.length; i += 2) {
  const v = Number(args[i + 1]);
  switch (args[i]) {
    case '--seconds': seconds = v; break;
    case '--requests': requests = v; break;
    case '--inflight': inflight = Math.max(1, v); break;
    case '--warmup': warmup = v; break;
    default: throw new Error(`unknown option ${args[i]}`);
  }
}

const oauth = new auth.OAuth2();
oauth.setCredentials({access_token: 'bench-token'});
const messages = chat({version: 'v1', rootUrl, auth: oauth}).spaces.messages;
const parent = 'spaces/BENCH';

let peakRss = 0;
const sampleRss = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };
const sampler = setInterval(sampleRss, 50);

async function phase(stop) {
  const latencies = [];
  let errors = 0, firstError = '';
  const worker = async () => {
    while (stop.take()) {
      const t0 = process.hrtime.bigint();
      try {
        await messages.create({parent, requestBody: {text: 'Hello, world!'}});
        latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
      } catch (e) {
        if (errors++ === 0) firstError = String(e && e.message);
      }
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({length: inflight}, worker));
  return {latencies, errors, firstError, seconds: Number(process.hrtime.bigint() - t0) / 1e9};
}

const byTime = (s) => { const end = performance.now() + s * 1000; return {take: () => performance.now() < end}; };
const byCount = (n) => ({take: () => n-- > 0});

if (warmup > 0) await phase(byTime(warmup));
const r = await phase(requests > 0 ? byCount(requests) : byTime(seconds));
clearInterval(sampler);
sampleRss();
const sorted = Float64Array.from(r.latencies).sort();
const pct = (p) => (sorted.length ? sorted[Math.floor(p * (sorted.length - 1))] : 0);
const rssKib = Math.max(Math.round(peakRss / 1024), process.resourceUsage().maxRSS);
console.log(`mode=throughput inflight=${inflight} requests=${sorted.length} errors=${r.errors} ` +
            `seconds=${r.seconds.toFixed(3)} rps=${Math.round(sorted.length / r.seconds)} ` +
            `p50_us=${Math.round(pct(0.5))} p99_us=${Math.round(pct(0.99))} rss_kib=${rssKib}`);
if (r.errors) console.error(`first error: ${r.firstError}`);
process.exit(r.errors ? 1 : 0);

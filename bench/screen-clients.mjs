// Walls for the screen benchmark (bench/screen-bench.ts), in a worker thread of their own: each opens the
// region's kiosk stream and, like the page, re-reads the figures after a frame (one read at a time, again
// after it when frames came meanwhile). It reports when each awaited case number first showed in a
// wall's ticker: "on the screen".
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { base, region, token, walls } = workerData;
const seen = new Map(); // case no → [ms per wall that showed it]
const agent = new http.Agent({ keepAlive: true, maxSockets: walls * 2 });

function get(path) {
  return new Promise((resolve, reject) => {
    http.get(base + path, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${res.statusCode}`))));
    }).on('error', reject);
  });
}

let open = 0;
function wall() {
  const shown = new Set();
  let reading = false;
  let again = false;
  const read = async () => {
    if (reading) return void (again = true);
    reading = true;
    try {
      const view = await get(`/api/kiosk/screen/${region}?kiosk=${token}`);
      const at = Date.now();
      for (const item of view.ticker.items) {
        if (item.kind !== 'reported' || shown.has(item.no)) continue;
        shown.add(item.no);
        if (!seen.has(item.no)) seen.set(item.no, []);
        seen.get(item.no).push(at);
      }
    } catch {
      // a failed read: the next frame reads again
    } finally {
      reading = false;
      if (again) {
        again = false;
        void read();
      }
    }
  };
  const req = http.get(`${base}/api/kiosk/screen/${region}/stream?kiosk=${token}`, { agent: false }, (res) => {
    open++;
    if (open === walls) parentPort.postMessage({ type: 'open' });
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (c) => {
      buf += c;
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (frame.includes('\nevent: case.') || frame.startsWith('event: case.') || frame.includes('event: case.')) void read();
      }
    });
  });
  req.on('error', () => {});
  return req;
}

const reqs = Array.from({ length: walls }, wall);
parentPort.on('message', (m) => {
  if (m === 'report') {
    parentPort.postMessage({ type: 'seen', seen: Object.fromEntries(seen) });
    for (const r of reqs) r.destroy();
    agent.destroy();
  }
});

// A stream client on the ws package: replays from after_sequence and prints "event <sequence>"
// per message until it has seen `expect` of them, then "done".
import WebSocket from "ws";

const [base, key, after, expect] = process.argv.slice(2);
let seen = 0;
const socket = new WebSocket(`${base.replace(/^http/, "ws")}/v1/stream?after_sequence=${after}`,
  { headers: { Authorization: `Bearer ${key}` } });
socket.on("unexpected-response", (request, response) => { console.log(`refused ${response.statusCode}`); process.exit(1); });
socket.on("message", (data) => {
  console.log(`event ${JSON.parse(data).sequence}`);
  if (++seen === Number(expect)) { console.log("done"); socket.close(1000); }
});
socket.on("close", (code, reason) => { console.log(`closed ${code} ${reason}`); process.exit(0); });
socket.on("error", (error) => { console.log(`error ${error.message}`); process.exit(1); });

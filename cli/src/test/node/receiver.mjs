// A local webhook receiver, as a developer's app would be: verifies every request with the
// standardwebhooks library and prints one line per request: "ok <sequence> <id>" or "bad <reason>".
import http from "node:http";
import { Webhook } from "standardwebhooks";

const [secret, port] = process.argv.slice(2);
const webhook = new Webhook(secret);
http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    try {
      const event = webhook.verify(body, request.headers);
      if (event.id !== request.headers["webhook-id"]) throw new Error("webhook-id is not the event id");
      console.log(`ok ${event.sequence} ${event.id}`);
      response.writeHead(204).end();
    } catch (error) {
      console.log(`bad ${error.message}`);
      response.writeHead(400).end();
    }
  });
}).listen(Number(port), "127.0.0.1", () => console.log("listening"));

// Loaded into decap-server with `node --require` (exemplars/editor/edit_server.py).
// decap-server listens on loopback without looking at who calls: a page that rebinds its
// own host name to 127.0.0.1, or another program on the machine, could ask it to write.
// Every request must carry the key the editor's proxy got when it started decap-server;
// anything else is refused before decap-server sees it.
"use strict";
const http = require("node:http");
const crypto = require("node:crypto");

const key = Buffer.from(process.env.BANGVANG_DECAP_KEY || "", "utf8");
if (key.length < 32) {
  throw new Error("BANGVANG_DECAP_KEY missing: start decap-server through edit_server.py");
}

function allowed(request) {
  const given = Buffer.from(String(request.headers["x-bangvang-key"] || ""), "utf8");
  return given.length === key.length && crypto.timingSafeEqual(given, key);
}

const createServer = http.createServer;
http.createServer = function guardedServer(...args) {
  const index = args.findIndex((arg) => typeof arg === "function");
  if (index >= 0) {
    const handler = args[index];
    args[index] = function guarded(request, response) {
      if (!allowed(request)) {
        response.statusCode = 403;
        response.setHeader("Content-Type", "application/json");
        response.end('{"error":"forbidden"}');
        return;
      }
      return handler.call(this, request, response);
    };
  }
  return createServer.apply(this, args);
};

// Preloaded (`node --import ./bench/ingest/tcp-nodelay.mjs`, or through NODE_OPTIONS) by the
// benchmark's "+ TCP_NODELAY" runs: every TCP socket this process connects has Nagle's algorithm
// off, as if postgres.js were given a socket with setNoDelay(true). postgres.js 3.4 leaves Nagle
// on, and a COPY's last data packet followed by its small CopyDone message then waits for the
// server's delayed ACK (~40 ms) on every COPY. See bench/README.md ("Prediction ingestion").
import net from 'node:net';

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  this.setNoDelay(true);
  return connect.apply(this, args);
};

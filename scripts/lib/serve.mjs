// @ts-check
/**
 * A tiny static file server on 127.0.0.1 with Range support (media elements seek with it).
 * Routes map a URL prefix to a folder; pages are served from memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.ogv': 'video/ogg',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * @typedef {object} ServeOptions
 * @property {Record<string, string>} [pages]   URL path -> HTML text
 * @property {Record<string, string>} [folders] URL prefix (e.g. '/media/') -> folder on disk
 * @property {Record<string, string>} [files]   URL path -> file on disk
 * @property {Record<string, string>} [headers] extra headers on every response
 * @property {number} [port]
 * @property {string} [host]
 * @property {{ key: string | Buffer, cert: string | Buffer }} [tls] serve HTTPS with this key pair
 */

/**
 * Starts the server; resolves once it listens.
 * @param {ServeOptions} options
 * @returns {Promise<{ origin: string, port: number, close: () => Promise<void>, requests: string[] }>}
 */
export function serve(options) {
  /** @type {string[]} */
  const requests = [];
  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  const handle = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
    const page = options.pages?.[url.pathname];
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(page);
      return;
    }
    let file = options.files?.[url.pathname];
    if (!file) {
      for (const [prefix, folder] of Object.entries(options.folders ?? {})) {
        if (!url.pathname.startsWith(prefix)) continue;
        const rel = decodeURIComponent(url.pathname.slice(prefix.length));
        const candidate = path.resolve(folder, rel);
        if (candidate.startsWith(path.resolve(folder) + path.sep)) file = candidate;
      }
    }
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    await sendFile(req, res, file);
  };
  const server = options.tls ? https.createServer(options.tls, handle) : http.createServer(handle);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        origin: `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`,
        port,
        requests,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {string} file
 */
async function sendFile(req, res, file) {
  let size;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    res.writeHead(404).end('not found');
    return;
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && size > 0) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, {
      'content-type': type,
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${size}`,
      'accept-ranges': 'bytes',
    });
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { 'content-type': type, 'content-length': size, 'accept-ranges': 'bytes' });
  createReadStream(file).pipe(res);
}

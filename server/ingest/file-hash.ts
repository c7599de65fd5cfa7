// sha256 of whole files on worker threads. A load identifies every file before its first batch (a file the
// practice already sent is skipped by its hash), and hashing is CPU work: on one thread it held up the 1M
// network's load for 17-30 s (14 GB). The workers hash files side by side, one per core.
import os from 'node:os';
import { Worker } from 'node:worker_threads';

/** The worker: hashes the file it is sent, streaming it, and answers with the hex digest or the error. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
parentPort.on('message', async (path) => {
  try {
    const hash = createHash('sha256');
    for await (const chunk of fs.createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk);
    parentPort.postMessage({ sha256: hash.digest('hex') });
  } catch (error) {
    parentPort.postMessage({ error: error.message, code: error.code });
  }
});
`;

interface Task {
  path: string;
  resolve: (sha256: string) => void;
  reject: (error: Error) => void;
}

const WORKERS = Math.max(1, Math.min(os.availableParallelism(), 4));
const idle: Worker[] = [];
const queue: Task[] = [];
let started = 0;

function startWorker(): Worker {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  started++;
  return worker;
}

/** A busy worker keeps the process alive until it answers; an idle one does not. */
function run(worker: Worker, task: Task): void {
  worker.ref();
  const done = () => {
    worker.off('message', onMessage);
    worker.off('error', onError);
  };
  const onMessage = (answer: { sha256?: string; error?: string; code?: string }) => {
    done();
    if (answer.sha256) task.resolve(answer.sha256);
    else task.reject(Object.assign(new Error(answer.error ?? 'hashing failed'), { code: answer.code }));
    next(worker);
  };
  // A worker that dies takes only its own file with it; a fresh one takes the rest of the queue.
  const onError = (error: Error) => {
    done();
    started--;
    task.reject(error);
    void worker.terminate();
    if (queue.length > 0) run(startWorker(), queue.shift()!);
  };
  worker.on('message', onMessage);
  worker.on('error', onError);
  worker.postMessage(task.path);
}

function next(worker: Worker): void {
  const task = queue.shift();
  if (task) run(worker, task);
  else {
    worker.unref();
    idle.push(worker);
  }
}

/** The sha256 (lowercase hex) of a file's bytes; rejects with the read error (e.g. code ENOENT). */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const task = { path, resolve, reject };
    const worker = idle.pop() ?? (started < WORKERS ? startWorker() : undefined);
    if (worker) run(worker, task);
    else queue.push(task);
  });
}

// Uploads of practice extracts (admin only): the files of one practice folder, as `caliper ingest` takes
// it (source.json, its FHIR NDJSON/Bundle or CSV files, and the code map or CSV mapping it names).
// POST /api/uploads multipart/form-data: practice_id, files (1-50 files, each ≤ 512 MiB; names are plain
//   file names: letters, digits, . _ -; .ndjson .json .csv) → 202 { upload: UploadJob } (server/uploads/jobs.ts);
//   the files stream to a temporary folder, then load in the background, one upload at a time.
//   400 when source.json is missing, invalid or names another practice; 413 when a file is too large.
// GET /api/uploads/:uploadId → { upload: UploadJob }: status queued|loading|done|failed, progress lines, and
//   when done the load summary (per file status, read/loaded/rejected per resource type, linking) and
//   the first 1,000 rejected rows (file, line, resource type, reason, detail; never the raw text).
// GET /api/uploads → { uploads: UploadBrief[] } this server's recent uploads, newest first.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { PracticeId } from '../auth/users.ts';
import { requireRole, viewerOf } from '../auth/viewer.ts';
import type { Database } from '../db/database.ts';
import { HttpError, notFound } from '../errors.ts';
import { MANIFEST_FILE, readManifest } from '../ingest/source-manifest.ts';
import type { Logger } from '../log.ts';
import { UploadJobs } from '../uploads/jobs.ts';
import { NoQuery } from './no-query.ts';

const MAX_FILE_BYTES = 512 * 2 ** 20;
const MAX_FILES = 50;
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\.(ndjson|json|csv)$/;

const UploadFields = z.object({ practice_id: PracticeId }).strict();
const UploadParams = z.object({ uploadId: z.uuid() }).strict();

/** Multer's limit errors as API errors (they carry no HTTP status of their own). */
function uploadError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') return new HttpError(413, 'PayloadTooLarge', `A file is larger than ${MAX_FILE_BYTES / 2 ** 20} MiB`);
    return new HttpError(400, 'InvalidUpload', `${error.message}${error.field ? ` (${error.field})` : ''}`);
  }
  // Busboy's malformed-multipart errors ("Unexpected end of form", ...).
  return new HttpError(400, 'InvalidUpload', 'Malformed multipart upload');
}

/** Stream the request's files into `folder`, checking each name before a byte is written. */
function receive(req: Request, res: Response, folder: string): Promise<void> {
  const names = new Set<string>();
  const upload = multer({
    storage: multer.diskStorage({
      destination: folder,
      filename: (_req, file, done) => {
        const name = file.originalname;
        if (!FILE_NAME.test(name)) return done(new HttpError(400, 'InvalidUpload', 'File names are letters, digits, . _ - ending in .ndjson, .json or .csv'), '');
        if (names.has(name)) return done(new HttpError(400, 'InvalidUpload', `${name} was sent twice`), '');
        names.add(name);
        done(null, name);
      },
    }),
    limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 5, fieldSize: 1024, parts: MAX_FILES + 5, headerPairs: 100 },
  }).array('files', MAX_FILES);
  return new Promise((resolve, reject) => upload(req, res, (error?: unknown) => (error ? reject(uploadError(error)) : resolve())));
}

export function uploadsRouter(db: Database, logger: Logger): Router {
  const router = Router();
  const jobs = new UploadJobs(db, logger);
  const admin = requireRole('admin');

  router.post('/uploads', admin, async (req, res) => {
    if (!req.is('multipart/form-data')) throw new HttpError(415, 'UnsupportedMediaType', 'Send the files as multipart/form-data');
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'caliper-upload-'));
    try {
      await receive(req, res, folder);
      const { practice_id } = UploadFields.parse(req.body ?? {});
      const files = (req.files ?? []) as Express.Multer.File[];
      if (!files.some((f) => f.filename === MANIFEST_FILE)) throw new HttpError(400, 'InvalidUpload', `Include the practice's ${MANIFEST_FILE}`);
      const manifest = await readManifest(folder).catch((error: Error) => {
        throw new HttpError(400, 'InvalidUpload', error.message.replace(folder + path.sep, ''));
      });
      if (manifest.practice_id !== practice_id) throw new HttpError(400, 'InvalidUpload', `${MANIFEST_FILE} is for practice ${manifest.practice_id}, not ${practice_id}`);
      const bytes = files.reduce((n, f) => n + f.size, 0);
      const job = jobs.start(folder, { practice_id, username: viewerOf(res).username, files: files.length, bytes });
      res.status(202).json({ upload: job });
    } catch (error) {
      await fs.rm(folder, { recursive: true, force: true });
      throw error;
    }
  });

  router.get('/uploads', admin, (req, res) => {
    NoQuery.parse(req.query);
    res.json({ uploads: jobs.list() });
  });

  router.get('/uploads/:uploadId', admin, (req, res) => {
    const { uploadId } = UploadParams.parse(req.params);
    NoQuery.parse(req.query);
    const job = jobs.get(uploadId);
    if (!job) throw notFound(`Upload ${uploadId}`);
    res.json({ upload: job });
  });

  return router;
}

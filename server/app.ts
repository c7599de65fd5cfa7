// createApp(deps): security middleware, API routes, the built dashboard, 404 and the error handler.
// Tests use it without listening; server/main.ts is the only place that listens.
import fs from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import { ZodError } from 'zod';
import type { Database } from './db/database.ts';
import { HttpError } from './errors.ts';
import { logger as defaultLogger, type Logger } from './log.ts';
import { measuresRouter } from './routes/measures.ts';
import { sourcesRouter } from './routes/sources.ts';

export interface AppDeps {
  db: Database;
  logger?: Logger;
  /** Folder of the built dashboard (vite build output); served when it exists. */
  clientDir?: string;
}

export function createApp({ db, logger = defaultLogger, clientDir }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  api.get('/health', async (_req, res) => {
    await db.query('SELECT 1');
    res.json({ status: 'ok' });
  });
  api.use(sourcesRouter(db));
  api.use(measuresRouter(db));
  api.use((_req, _res, next) => next(new HttpError(404, 'NotFound', 'No such API route')));
  app.use('/api', api);

  if (clientDir && fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes fall back to the app shell.
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  }
  app.use((_req, _res, next) => next(new HttpError(404, 'NotFound', 'Not found')));

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (err instanceof ZodError) {
      res.status(400).json({ error: { code: 'InvalidInput', message: 'Invalid input', details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } });
      return;
    }
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } });
      return;
    }
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err: { message: err?.message, stack: err?.stack }, route: req.path }, 'request failed');
    res.status(status).json({ error: { code: status === 500 ? 'InternalError' : 'BadRequest', message: status === 500 ? 'Internal error' : String(err?.message ?? 'Bad request') } });
  };
  app.use(onError);
  return app;
}

// createApp(deps): security middleware, API routes, the built dashboard, 404 and the error handler.
// Tests use it without listening; server/main.ts is the only place that listens.
import fs from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import helmet from 'helmet';
import { ZodError } from 'zod';
import type { Database } from './db/database.ts';
import { HttpError } from './errors.ts';
import { logger as defaultLogger, scrub, type Logger } from './log.ts';
import { authenticate } from './auth/authenticate.ts';
import { auditRouter } from './routes/audit.ts';
import { authRouter } from './routes/auth.ts';
import { exportsRouter } from './routes/exports.ts';
import { measureRouter } from './routes/measure.ts';
import { measuresRouter } from './routes/measures.ts';
import { overviewRouter } from './routes/overview.ts';
import { patientsRouter } from './routes/patients.ts';
import { plannerRouter } from './routes/planner.ts';
import { sourcesRouter } from './routes/sources.ts';
import { uploadsRouter } from './routes/uploads.ts';
import { usersRouter } from './routes/users.ts';
import { worklistRouter } from './routes/worklist.ts';

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
        // Scripts only from this origin, never inline; no framing, plugins or foreign form targets.
        directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'connect-src': ["'self'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"] },
      },
    }),
  );
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  // API answers carry patient data or rates a viewer was allowed to see: no browser or proxy may keep them
  // (Cache-Control no-store, RFC 9111 5.2.2.5). Nothing stored is ever revalidated, so res.send need not hash
  // every body (megabytes for a worklist) into an ETag either.
  app.set('etag', false);
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.get('/health', async (_req, res) => {
    await db.query('SELECT 1');
    res.json({ status: 'ok' });
  });
  // Every /api route below needs a session (and a CSRF token to change anything): server/auth/.
  api.use(authenticate(db));
  api.use(authRouter(db));
  api.use(usersRouter(db));
  api.use(auditRouter(db));
  api.use(uploadsRouter(db, logger));
  api.use(sourcesRouter(db));
  api.use(measuresRouter(db));
  api.use(overviewRouter(db), measureRouter(db), worklistRouter(db), patientsRouter(db));
  api.use(exportsRouter(db));
  api.use(plannerRouter(db));
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
    if (status === 500) logger.error({ err: { message: scrub(err?.message), stack: scrub(err?.stack) }, route: req.route?.path ?? 'unmatched' }, 'request failed');
    res.status(status).json({ error: { code: status === 500 ? 'InternalError' : status === 413 ? 'PayloadTooLarge' : 'BadRequest', message: status === 500 ? 'Internal error' : 'Bad request' } }); // parser messages can quote the body
  };
  app.use(onError);
  return app;
}

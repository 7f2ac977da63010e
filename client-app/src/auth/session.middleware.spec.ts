import { describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { DatabaseUnavailableError } from '../../../src/database/database.errors.js';
import { loadClientAppConfig } from '../config/client-app.config.js';
import { MemorySessionStore } from './memory-session.store.js';
import { sessionMiddleware } from './session.middleware.js';

/** A store whose database goes away when the test says so. */
class FailingStore extends MemorySessionStore {
  down = false;

  override async get(id: string) {
    if (this.down) throw new DatabaseUnavailableError('query', { cause: new Error('connection terminated') });
    return super.get(id);
  }
}

describe(sessionMiddleware.name, () => {
  it('answers 503 with a JSON body (or the error page) when the session store cannot be reached, never a 500', async () => {
    const store = new FailingStore();
    const app = express();
    app.use(sessionMiddleware(loadClientAppConfig({ LOG_LEVEL: 'silent' }), store));
    app.get('/start', (req, res) => {
      (req.session as unknown as { started: boolean }).started = true;
      res.json({ ok: true });
    });
    app.get('/page', (_req, res) => res.json({ ok: true }));

    const started = await request(app).get('/start').expect(200);
    const cookie = started.headers['set-cookie'];
    store.down = true;
    const refused = await request(app).get('/page').set('cookie', cookie).set('accept', 'application/json').expect(503);

    expect(refused.body).toEqual({ error: 'service_unavailable', message: expect.stringContaining('session store') });
  });
});

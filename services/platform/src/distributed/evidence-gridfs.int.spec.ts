import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import mongoose from 'mongoose';
import sharp from 'sharp';
import type request from 'supertest';
import { SqliteEventStore } from '@chuangwen/event-store/sqlite';
import { GridFsEvidenceStore } from '@chuangwen/evidence-store/gridfs';
import { seedRegion } from '@chuangwen/jurisdictions';
import { CONTEXTS } from '@chuangwen/messaging';
import { KafkaBus } from '@chuangwen/messaging/kafka';
import { describeIntegration } from '@chuangwen/testing';
import { startPlatform, TestPlatform } from '../testing/platform';
import { DistributedSettings } from './distributed.settings';

// Distributed mode: an inspections process (with its relay) on Kafka and FerretDB keeps evidence in
// GridFS, in its own database, and serves it as the embedded default does; residents beside it in the
// same process take their photos through it.
describeIntegration('kafka', 'evidence in distributed mode (GridFS)', (brokers) => {
  describeIntegration('mongo', 'an inspections process', (mongoUrl) => {
    const dbName = `i19e_evidence_${randomBytes(3).toString('hex')}`;
    const prefix = `i19e-${randomBytes(3).toString('hex')}.`;
    const topics = [...CONTEXTS.map((c) => `${prefix}${c}`), `${prefix}dead-letter`];
    let admin: KafkaBus;
    let platform: TestPlatform;
    let http: ReturnType<typeof request>;

    beforeAll(async () => {
      admin = new KafkaBus({ brokers: brokers(), clientId: `${prefix}admin`, log: () => undefined });
      await admin.ensureTopics(topics.map((topic) => ({ topic, partitions: 1 })));
      const url = new URL(mongoUrl());
      url.pathname = `/${dbName}`;
      platform = await startPlatform({
        name: 'evidence-dist',
        settings: {
          MODE: 'distributed',
          OVERDUE_SCAN_INTERVAL_MS: 0,
          ESCALATION_SCAN_INTERVAL_MS: 0,
          NOTIFICATION_DISPATCH_INTERVAL_MS: 0,
        },
        // The region is in the event store before the process starts; its relay publishes it.
        distributed: async (dir) => {
          const file = join(dir, 'events.db');
          const store = new SqliteEventStore({ file });
          await seedRegion(store, '620102');
          await store.close();
          return Object.assign(new DistributedSettings(), {
            SERVICES: 'inspections,residents,relay',
            EVENT_STORE: 'sqlite',
            EVENT_STORE_FILE: file,
            KAFKA_BROKERS: brokers(),
            MONGO_URL: url.toString(),
            KAFKA_TOPIC_PREFIX: prefix,
            KAFKA_GROUP_PREFIX: `i19e-${randomBytes(3).toString('hex')}`,
          });
        },
      });
      http = platform.http;
    }, 120_000);
    afterAll(async () => {
      await platform?.close();
      await admin?.deleteTopics(topics).catch(() => undefined);
      await admin?.close();
      const conn = await mongoose.createConnection(mongoUrl(), { serverSelectionTimeoutMS: 10_000 }).asPromise();
      await conn.useDb(dbName).dropDatabase();
      await conn.destroy();
    });

    it('uploads into GridFS, reads back, verifies, and reports the store on /health', async () => {
      const token = await platform.token('620102', ['inspector'], 'inspector');
      let community: string | undefined;
      for (
        const end = Date.now() + 60_000;
        !community && Date.now() < end;
        await new Promise((r) => setTimeout(r, 250))
      ) {
        community = (await http.get('/api/jurisdictions/620102001')).body.children?.[0]?.code;
      }
      expect(community).toMatch(/^620102001\d{3}$/);
      const jpeg = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#2a6' } })
        .jpeg()
        .toBuffer();
      const sha = createHash('sha256').update(jpeg).digest('hex');
      const up = await http
        .post('/api/evidence')
        .set({ Authorization: `Bearer ${token}` })
        .attach('file', jpeg, 'p.jpg')
        .field('community', community!)
        .expect(201);
      expect(up.body).toMatchObject({
        id: `sha256:${sha}`,
        type: 'image/jpeg',
        size: jpeg.length,
        flags: expect.arrayContaining([expect.objectContaining({ code: 'no_location' })]),
      });
      const record = (
        await http
          .get(`/api/evidence/${sha}/record`)
          .set({ Authorization: `Bearer ${token}` })
          .expect(200)
      ).body;
      expect(record).toMatchObject({ verified: true, verification: { stored: sha, storedSize: jpeg.length } });

      // The bytes are in the service's own database, in GridFS.
      const direct = new GridFsEvidenceStore(mongoUrl(), { dbName });
      expect(await direct.stat(sha)).toEqual({ sha256: sha, size: jpeg.length });
      await direct.close();
      const health = (await http.get('/health')).body.connections.find((c: { name: string }) => c.name === 'evidence');
      expect(health).toMatchObject({ kind: 'gridfs', up: true, bucket: 'evidence' });
    }, 120_000);

    it('takes a resident’s photo into the same GridFS when residents run beside inspections', async () => {
      const community = (await http.get('/api/jurisdictions/620102001')).body.children[0].code as string;
      const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c33' } })
        .png()
        .toBuffer();
      const sha = createHash('sha256').update(png).digest('hex');
      const up = await http
        .post('/api/residents/public/photos')
        .attach('file', png, 'report.png')
        .field('communityCode', community)
        .field('deviceId', 'device-e2e-0001')
        .expect(201);
      expect(up.body).toEqual({ id: `sha256:${sha}` });
      const direct = new GridFsEvidenceStore(mongoUrl(), { dbName });
      expect(await direct.stat(sha)).toEqual({ sha256: sha, size: png.length });
      await direct.close();
    }, 60_000);
  });
});

import type request from 'supertest';
import { startPlatform, TestPlatform } from '../../platform/src/testing/platform';

describe('the dashboard is served at / beside the API', () => {
  let platform: TestPlatform;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    platform = await startPlatform({ name: 'dashboard-static' });
    http = platform.http;
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('serves the page, its modules and ECharts from node_modules, without a token', async () => {
    const page = await http
      .get('/')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(page.text).toContain('<script src="/assets/echarts.min.js">');
    expect(page.text).toContain('lang="zh-CN"');
    const script = await http
      .get('/assets/app.js')
      .expect(200)
      .expect('content-type', /text\/javascript/);
    expect(script.text).toContain("from './api.js'");
    const echarts = await http.get('/assets/echarts.min.js').expect(200);
    expect(echarts.text.length).toBeGreaterThan(500_000);
  });

  it('serves only its own files by name', async () => {
    await http.get('/assets/nothing.js').expect(404);
    await http.get('/assets/..%2F..%2Fpackage.json').expect(404);
    await http.get('/assets/%2Fetc%2Fpasswd').expect(404);
  });

  it('leaves the API guarded and the OpenAPI document without the page', async () => {
    await http.get('/api/scores/620102').expect(401);
    const doc = await http.get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).not.toContain('/');
    expect(Object.keys(doc.body.paths)).toContain('/api/scores/{code}');
  });
});

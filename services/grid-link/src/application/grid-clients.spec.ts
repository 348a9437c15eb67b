import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpointClientProblem, loadGridClients } from './grid-clients';

const secret = 'a-very-secret-value-of-at-least-32-chars';
const good = { keyId: 'wg-chengguan', secret, jurisdiction: '620102', endpoints: ['http://127.0.0.1:9000/events'] };

describe('grid clients from GRID_CLIENTS / GRID_CLIENTS_FILE', () => {
  it('reads a JSON array (none when empty)', () => {
    expect(loadGridClients('')).toEqual([]);
    expect(loadGridClients(JSON.stringify([good]))).toMatchObject([good]);
  });

  it('reads the file when one is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-grid-'));
    try {
      writeFileSync(join(dir, 'clients.json'), JSON.stringify([good]));
      expect(loadGridClients(undefined, join(dir, 'clients.json'))[0].keyId).toBe('wg-chengguan');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names each bad client and field, and never prints a secret', () => {
    const bad = [
      { ...good, secret: 'short-secret-xyz', jurisdiction: '62', endpoints: ['ftp://x'] },
      good,
      { ...good },
    ];
    let message = '';
    try {
      loadGridClients(JSON.stringify(bad));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/client 0 \(wg-chengguan\): secret must be at least 32 characters/);
    expect(message).toMatch(/jurisdiction must be a jurisdiction code: 6 digits/);
    expect(message).toMatch(/each endpoint must be an http\(s\) URL/);
    expect(message).toMatch(/keyId wg-chengguan given twice/);
    expect(message).not.toContain('short-secret-xyz');
    expect(message).not.toContain(secret);
    expect(() => loadGridClients('{not json')).toThrow('GRID_CLIENTS is not valid JSON');
    expect(() => loadGridClients('{}')).toThrow(/JSON array/);
  });
});

describe('an endpoint signed with a grid client', () => {
  const chengguan = { keyId: 'wg-chengguan', jurisdiction: '620102001' };

  it('is registered by an office at or above the client, for a jurisdiction the client covers', () => {
    expect(endpointClientProblem(chengguan, '620102001', '620102')).toBeUndefined();
    expect(endpointClientProblem(chengguan, '620102001001', '620102001')).toBeUndefined();
  });

  it("refuses another office having its deliveries signed with this client's secret (403)", () => {
    expect(endpointClientProblem(chengguan, '321282', '321282')).toMatchObject({
      kind: 'forbidden',
      message: expect.stringMatching(/outside your jurisdiction 321282/),
    });
    expect(endpointClientProblem(chengguan, '620102002', '620102002')?.kind).toBe('forbidden');
  });

  it('refuses a jurisdiction the client does not cover (422)', () => {
    expect(endpointClientProblem(chengguan, '620102002', '620102')).toMatchObject({ kind: 'invalid' });
  });
});

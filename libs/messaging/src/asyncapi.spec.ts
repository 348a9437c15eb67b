import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platformEventCatalog } from '@chuangwen/contracts';
import { TOPICS } from './topics';

// The AsyncAPI document and the topic list are written by hand; these checks keep them in step
// with the catalog and with deploy/kafka-topics.txt (plain text reading: no YAML parser needed).
const root = join(__dirname, '../../..');
const doc = readFileSync(join(root, 'docs/asyncapi.yaml'), 'utf8');
const deployed = readFileSync(join(root, 'deploy/kafka-topics.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim().split(/\s+/)[0])
  .filter((t) => t && !t.startsWith('#'));

/** The text of a channel's block: from its line to the next channel (or the components). */
function channel(name: string): string {
  const start = doc.indexOf(`\n  ${name}:\n`);
  if (start < 0) throw new Error(`no channel ${name}`);
  const rest = doc.slice(start + 1);
  const end = rest.slice(1).search(/\n {2}\S|\ncomponents:/);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

describe('docs/asyncapi.yaml', () => {
  it('has a channel for every deployed topic, and TOPICS names exactly those', () => {
    for (const t of deployed) expect(() => channel(t)).not.toThrow();
    expect(Object.values(TOPICS).sort()).toEqual([...deployed].sort());
  });

  it("lists every catalog type, at its current version, on its context's channel", () => {
    for (const spec of platformEventCatalog().all()) {
      const ref = `$ref: '#/components/messages/${spec.type}'`;
      expect(channel(`chuangwen.${spec.context}`)).toContain(ref);
      for (const other of deployed.filter((t) => t !== `chuangwen.${spec.context}`))
        expect(channel(other)).not.toContain(ref);
      expect(doc).toContain(
        `    ${spec.type}:\n      name: ${spec.type}\n      title: ${spec.type} v${spec.currentVersion}\n`,
      );
    }
  });
});

import { describeIntegration } from '@chuangwen/testing';
import { inProcessHarness } from '../testing/in-process-harness';
import { kafkaHarness } from '../testing/kafka-harness';
import { relaySuite } from '../testing/relay.suite';

const inProcess = inProcessHarness();
relaySuite('in-process bus', () => inProcess);

describeIntegration('kafka', 'EventRelay on Kafka', (url) => {
  const harness = kafkaHarness(url);
  afterAll(() => harness.cleanup());
  relaySuite('kafka', () => harness);
});

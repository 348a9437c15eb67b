import { describeIntegration } from '@chuangwen/testing';
import { busContract } from '../testing/bus.contract';
import { kafkaHarness } from '../testing/kafka-harness';

// Against KAFKA_BROKERS (deploy/local/kafka in CI), else a Kafka testcontainer, else a visible skip.
describeIntegration('kafka', 'KafkaBus', (url) => {
  const harness = kafkaHarness(url);
  afterAll(() => harness.cleanup());
  busContract('kafka', () => harness);
});

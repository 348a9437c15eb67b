import { IsIn, IsNotEmpty, IsString, Matches, ValidateIf } from 'class-validator';

export const SERVICE_NAMES = [
  'activities',
  'scoring',
  'inspections',
  'volunteers',
  'awards',
  'grid',
  'residents',
  'reports',
  'relay',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
/** One name of SERVICES: the list above is the one place a service is named (a name left out here stopped residents). */
const SERVICE_NAME = `(${SERVICE_NAMES.join('|')})`;

/** Where the events live in distributed mode (also read by the seed tool). */
export class EventStoreSettings {
  /** `esdb` (EventStoreDB/KurrentDB), `postgres` (PostgreSQL) or `sqlite` (one file shared by the processes of one host). */
  @IsIn(['esdb', 'postgres', 'sqlite'], { message: 'EVENT_STORE must be esdb, postgres or sqlite' }) EVENT_STORE:
    'esdb' | 'postgres' | 'sqlite' = 'esdb';

  @ValidateIf((s: EventStoreSettings) => s.EVENT_STORE === 'esdb')
  @Matches(/^(esdb|kurrentdb|kdb)(\+discover)?:\/\//, {
    message: 'ESDB_CONNECTION_STRING must be an esdb:// connection string when EVENT_STORE=esdb',
  })
  ESDB_CONNECTION_STRING: string = '';

  @ValidateIf((s: EventStoreSettings) => s.EVENT_STORE === 'postgres')
  @Matches(/^postgres(ql)?:\/\/[^/]+\/[^/?]+/, {
    message: 'POSTGRES_URL must be a postgres://user:password@host:5432/database URL when EVENT_STORE=postgres',
  })
  POSTGRES_URL: string = '';

  @ValidateIf((s: EventStoreSettings) => s.EVENT_STORE === 'sqlite')
  @IsString()
  @IsNotEmpty({ message: 'EVENT_STORE_FILE is required when EVENT_STORE=sqlite' })
  EVENT_STORE_FILE: string = '';
}

/** Settings of a process in distributed mode (MODE=distributed), validated at start-up. */
export class DistributedSettings extends EventStoreSettings {
  /** Which services this process runs, e.g. `activities` or `scoring,relay`: any of SERVICE_NAMES. */
  @Matches(new RegExp(`^${SERVICE_NAME}(,${SERVICE_NAME})*$`), {
    message: `SERVICES must list ${SERVICE_NAMES.slice(0, -1).join(', ')} and/or ${SERVICE_NAMES.at(-1)}, comma-separated`,
  })
  SERVICES: string = '';

  @Matches(/^[^\s,]+:\d+(,[^\s,]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS: string = '';

  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGO_URL must be a mongodb:// URL (one database per service)' })
  MONGO_URL: string = '';

  @IsString() @IsNotEmpty() KAFKA_CLIENT_ID: string = 'chuangwen';

  /** Topic names are `<prefix><context>` (deploy/kafka-topics.txt creates `chuangwen.*`). */
  @Matches(/^[a-zA-Z0-9._-]+$/, {
    message: 'KAFKA_TOPIC_PREFIX may hold letters, digits, dots, dashes and underscores',
  })
  KAFKA_TOPIC_PREFIX: string = 'chuangwen.';

  /** Consumer groups are `<prefix>.<services>.<projection>`: another prefix replays from the start. */
  @Matches(/^[a-zA-Z0-9._-]+$/, {
    message: 'KAFKA_GROUP_PREFIX may hold letters, digits, dots, dashes and underscores',
  })
  KAFKA_GROUP_PREFIX: string = 'chuangwen';
}

export const servicesOf = (s: DistributedSettings): ServiceName[] =>
  [...new Set(s.SERVICES.split(',') as ServiceName[])].sort();

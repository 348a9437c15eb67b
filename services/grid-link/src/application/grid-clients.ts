import { readFileSync } from 'node:fs';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  validateSync,
  ValidateNested,
} from 'class-validator';
import { isJurisdictionCode, isWithin } from '@chuangwen/contracts';
import { IsJurisdictionCode } from '@chuangwen/http';

/** One grid platform allowed to call in: its key id, shared secret and the jurisdiction it covers. */
export class GridClientConfig {
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'keyId must be 3–64 letters, digits, dots, dashes or underscores' })
  keyId!: string;

  /** Never logged, never returned. */
  @IsString()
  @MinLength(32, { message: 'secret must be at least 32 characters' })
  secret!: string;

  /** A district, street or community code (GB/T 2260 + statistical division): problems outside it are refused. */
  @IsJurisdictionCode()
  jurisdiction!: string;

  @IsOptional() @IsString() @MaxLength(100) name?: string;

  /** Where this client receives the rectification CloudEvents (signed with its own secret). */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { each: true, message: 'each endpoint must be an http(s) URL' },
  )
  endpoints?: string[];
}

class GridClientList {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => GridClientConfig)
  clients!: GridClientConfig[];
}

export class GridClientsError extends Error {}

/**
 * Reads the clients from GRID_CLIENTS (a JSON array) or from the JSON file GRID_CLIENTS_FILE names.
 * A malformed list stops the start; the error names the client and field, never a secret's value.
 */
export function loadGridClients(json: string | undefined, file?: string): GridClientConfig[] {
  const text = file ? readFileSync(file, 'utf8') : json;
  if (!text || !text.trim()) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new GridClientsError(`${file ? `GRID_CLIENTS_FILE ${file}` : 'GRID_CLIENTS'} is not valid JSON`);
  }
  if (!Array.isArray(raw)) throw new GridClientsError('GRID_CLIENTS must be a JSON array of clients');
  const list = plainToInstance(GridClientList, { clients: raw });
  const problems: string[] = [];
  for (const error of validateSync(list, { forbidUnknownValues: false })) {
    for (const [i, child] of (error.children ?? []).entries()) {
      const who = (raw[Number(child.property ?? i)] as { keyId?: unknown })?.keyId;
      for (const field of child.children ?? [])
        problems.push(
          `client ${child.property} (${typeof who === 'string' ? who : 'no keyId'}): ${Object.values(field.constraints ?? {}).join('; ')}`,
        );
    }
  }
  const ids = list.clients.map((c) => c.keyId);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) problems.push(`keyId ${[...new Set(twice)].join(', ')} given twice`);
  for (const c of list.clients)
    if (typeof c.jurisdiction === 'string' && /^\d+$/.test(c.jurisdiction) && !isJurisdictionCode(c.jurisdiction))
      problems.push(`client ${c.keyId}: ${c.jurisdiction} is not a jurisdiction code`);
  if (problems.length) throw new GridClientsError(`grid clients are misconfigured:\n  ${problems.join('\n  ')}`);
  return list.clients;
}

/**
 * Whether an office may have deliveries about `jurisdiction` signed with `client`'s secret: the
 * client must be its own (at or below its jurisdiction: another office's grid would otherwise
 * vouch for what it sends) and must cover the endpoint's jurisdiction.
 */
export function endpointClientProblem(
  client: Pick<GridClientConfig, 'keyId' | 'jurisdiction'>,
  jurisdiction: string,
  office: string,
): { kind: 'forbidden' | 'invalid'; message: string } | undefined {
  if (!isWithin(client.jurisdiction, office))
    return {
      kind: 'forbidden',
      message: `grid client ${client.keyId} serves ${client.jurisdiction}, outside your jurisdiction ${office}`,
    };
  if (!isWithin(jurisdiction, client.jurisdiction))
    return {
      kind: 'invalid',
      message: `grid client ${client.keyId} serves ${client.jurisdiction}, which does not cover ${jurisdiction}`,
    };
  return undefined;
}

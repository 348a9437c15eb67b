import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/**
 * Settings whose value may be a secret, or carry one (a password in a connection string, the
 * grid clients' shared secrets): an error names them and the rule, never their value.
 */
export const MAY_HOLD_SECRET = /SECRET|PASSWORD|TOKEN|KEY|CREDENTIAL|CLIENTS|CONNECTION|URL/i;

const shown = (name: string, value: unknown): string =>
  MAY_HOLD_SECRET.test(name) ? `${name} (value not shown)` : `${name}=${JSON.stringify(value ?? null)}`;

/**
 * Reads settings from environment variables into a class whose fields carry class-validator
 * decorators and defaults. Every bad or missing variable is named in one error, so a start-up
 * fails once with the whole list instead of one complaint per restart. Fields need explicit type
 * annotations (`PORT: number = 3000`) for the conversion to know the type.
 */
export function loadSettings<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults))
    raw[key] = env[key] !== undefined && env[key] !== '' ? env[key] : defaults[key];
  const settings = plainToInstance(cls, raw, { enableImplicitConversion: true });
  const errors = validateSync(settings as object, { whitelist: false });
  if (errors.length > 0) {
    throw new SettingsError(
      errors.map((e) => `${shown(e.property, raw[e.property])}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return settings;
}

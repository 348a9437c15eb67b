import { IsIn, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { loadSettings, SettingsError } from './settings';

class Example {
  @IsInt() @Min(1) @Max(65535) PORT: number = 3000;
  @IsString() DATA_DIR: string = './data';
  @IsIn(['dev', 'jwt']) AUTH_MODE: string = 'dev';
}

describe('loadSettings', () => {
  it('takes defaults and converts what the environment gives', () => {
    expect(loadSettings(Example, { PORT: '8080' })).toMatchObject({ PORT: 8080, DATA_DIR: './data', AUTH_MODE: 'dev' });
  });

  it('names every bad variable in one error', () => {
    try {
      loadSettings(Example, { PORT: 'eighty', AUTH_MODE: 'open' });
      throw new Error('expected a SettingsError');
    } catch (e) {
      expect(e).toBeInstanceOf(SettingsError);
      const message = (e as Error).message;
      expect(message).toMatch(/PORT="eighty"/);
      expect(message).toMatch(/AUTH_MODE="open"/);
    }
  });
});

describe('a secret in an error', () => {
  class WithSecrets {
    @IsIn(['dev', 'jwt']) AUTH_MODE: string = 'jwt';
    @IsString()
    @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters when AUTH_MODE is jwt' })
    JWT_SECRET: string = '';
    @IsString()
    @MinLength(32, { message: 'ID_HASH_SECRET must be at least 32 characters when AUTH_MODE is jwt' })
    ID_HASH_SECRET: string = '';
    @IsString() @MinLength(40) MONGO_URL: string = '';
  }

  it('names the setting and the rule, never the value', () => {
    const jwt = 'a-31-character-secret-xxxxxxxxx';
    const id = 'identity-key-31-characters-xxxx';
    const url = 'mongodb://u:p@h';
    expect(jwt).toHaveLength(31);
    try {
      loadSettings(WithSecrets, { JWT_SECRET: jwt, ID_HASH_SECRET: id, MONGO_URL: url });
      throw new Error('expected a SettingsError');
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toMatch(/JWT_SECRET \(value not shown\): JWT_SECRET must be at least 32 characters/);
      expect(message).toMatch(/ID_HASH_SECRET \(value not shown\): ID_HASH_SECRET must be at least 32 characters/);
      expect(message).toMatch(/MONGO_URL \(value not shown\)/);
      for (const secret of [jwt, id, url, 'u:p']) expect(message).not.toContain(secret);
    }
  });
});

import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
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

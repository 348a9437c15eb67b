import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * A finite number with at most `places` decimals. class-validator's own maxDecimalPlaces reads
 * the number's text and throws on exponent forms (1e-7, 5e-324); here the number is rounded
 * to `places` and must come back unchanged, whatever its notation.
 */
export function hasAtMostDecimals(value: unknown, places: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value;
}

export const IsDecimal = (places: number, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isDecimal',
      constraints: [places],
      validator: {
        validate: (v) => hasAtMostDecimals(v, places),
        defaultMessage: (a) =>
          `${a?.property} must be a number with at most ${places} decimal${places === 1 ? '' : 's'}`,
      },
    },
    options,
  );

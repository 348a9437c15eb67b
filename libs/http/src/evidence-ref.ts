import { ValidateBy } from 'class-validator';

const GPS_POINT = /^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/;

/**
 * An evidence item's `ref` whose form depends on its `kind`: a gps_point's is "lat,lng" in decimal
 * degrees, any other kind's is free text (checked by IsText beside it). Written as one validator, not
 * `@ValidateIf(kind === 'gps_point') @Matches(…)`: class-validator's ValidateIf switches off every rule
 * of the property, so a photo's ref went unchecked (a number reached the command handler: a 500).
 */
export const IsEvidenceRef = (): PropertyDecorator =>
  ValidateBy({
    name: 'isEvidenceRef',
    validator: {
      validate: (value: unknown, args) =>
        (args?.object as { kind?: unknown }).kind !== 'gps_point' ||
        (typeof value === 'string' && GPS_POINT.test(value)),
      defaultMessage: () => 'a gps_point ref is "lat,lng" in decimal degrees',
    },
  });

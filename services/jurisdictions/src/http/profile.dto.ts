import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, ValidateBy, ValidationOptions } from 'class-validator';
import { COMMUNITY_ATTRIBUTES, QUANTITIES } from '@chuangwen/scoring-engine';

/** Counted from events elsewhere (the volunteer register), so never set by hand. */
const DERIVED_QUANTITIES = new Set(['volunteers_registered']);
const SETTABLE_QUANTITIES = Object.keys(QUANTITIES).filter((q) => !DERIVED_QUANTITIES.has(q));

const quantitiesProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'quantities must be an object of quantity id → number';
  for (const [id, n] of Object.entries(value)) {
    if (!SETTABLE_QUANTITIES.includes(id))
      return `quantities.${id} is not a settable quantity (one of ${SETTABLE_QUANTITIES.join(', ')})`;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 1e12)
      return `quantities.${id} must be a number from 0 up`;
  }
  return undefined;
};

const attributesProblem = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'attributes must be an object of attribute id → value';
  for (const [id, v] of Object.entries(value)) {
    const attribute = COMMUNITY_ATTRIBUTES[id as keyof typeof COMMUNITY_ATTRIBUTES];
    if (!attribute)
      return `attributes.${id} is not a community attribute (one of ${Object.keys(COMMUNITY_ATTRIBUTES).join(', ')})`;
    if (typeof v !== 'string' || !(v in attribute.values))
      return `attributes.${id} must be one of ${Object.keys(attribute.values).join(', ')}`;
  }
  return undefined;
};

const checked = (name: string, problem: (v: unknown) => string | undefined, options?: ValidationOptions) =>
  ValidateBy(
    {
      name,
      validator: { validate: (v) => problem(v) === undefined, defaultMessage: (a) => problem(a?.value) ?? name },
    },
    options,
  );

/** A community's profile: numbers and attributes the standards' rules read (scoring-engine catalogs). */
export class CommunityProfileDto {
  @ApiPropertyOptional({
    example: { residents: 3290 },
    description: `Quantity id → number; ids: ${SETTABLE_QUANTITIES.join(', ')}`,
  })
  @IsOptional()
  @IsObject()
  @checked('quantities', quantitiesProblem)
  quantities?: Record<string, number>;

  @ApiPropertyOptional({
    example: { estate: 'old_renewal' },
    description: `Attribute id → value; ids: ${Object.keys(COMMUNITY_ATTRIBUTES).join(', ')}`,
  })
  @IsOptional()
  @IsObject()
  @checked('attributes', attributesProblem)
  attributes?: Record<string, string>;
}

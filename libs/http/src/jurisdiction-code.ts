import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { COMMUNITY_CODE, DISTRICT_OR_STREET_CODE, JURISDICTION_CODE } from '@chuangwen/contracts';

/**
 * What a code field must be, after its name in a 400; `hint` adds what else would do, in brackets
 * (`communityCode must be a 12-digit community committee code (or give jurisdictionCode)`).
 */
export interface CodeRuleOptions {
  readonly hint?: string;
}

export const JURISDICTION_CODE_MESSAGE =
  'must be a jurisdiction code: 6 digits (province/city/district), 9 (street/town) or 12 (committee)';

// Matches, so the OpenAPI document carries the pattern (libs/http/src/openapi/validation-schema.ts).
const codeRule = (pattern: RegExp, what: string, { hint }: CodeRuleOptions = {}): PropertyDecorator =>
  Matches(pattern, { message: ({ property }) => `${property} ${what}${hint ? ` (${hint})` : ''}` });

/**
 * The jurisdiction-code rules of every DTO (the patterns are `@chuangwen/contracts`'): a code of any
 * level (6, 9 or 12 digits); the 400 names the field.
 */
export const IsJurisdictionCode = (options?: CodeRuleOptions): PropertyDecorator =>
  codeRule(JURISDICTION_CODE, JURISDICTION_CODE_MESSAGE, options);

/** A community (committee) code: 12 digits. */
export const IsCommunityCode = (options?: CodeRuleOptions): PropertyDecorator =>
  codeRule(COMMUNITY_CODE, 'must be a 12-digit community committee code', options);

/** A district's (6 digits) or a street's (9) code, not a community's. */
export const IsDistrictOrStreetCode = (options?: CodeRuleOptions): PropertyDecorator =>
  codeRule(DISTRICT_OR_STREET_CODE, 'must be a district or street code (6 or 9 digits)', options);

/** `{code}` in a path: `@Param() { code }: JurisdictionCodeParam`. */
export class JurisdictionCodeParam {
  @ApiProperty({ example: '620102', description: 'Province/city/district (6 digits), street (9) or community (12)' })
  @IsJurisdictionCode()
  code!: string;
}

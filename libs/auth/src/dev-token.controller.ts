import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { JURISDICTION_CODE } from '@chuangwen/contracts';
import { Public } from './decorators';
import { ROLES, Role } from './roles';
import { TokenVerifier } from './token-verifier';

const DEV_TOKEN_LIFETIME_S = 12 * 3600;

export class DevTokenRequest {
  @IsString() @IsNotEmpty() @MaxLength(128) sub!: string;
  @Matches(JURISDICTION_CODE, { message: 'jurisdiction must be a 6, 9 or 12 digit jurisdiction code' })
  jurisdiction!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ROLES, { each: true })
  roles!: Role[];
}

export class DevToken {
  @ApiProperty({ description: 'HS256 bearer token' }) token!: string;
  @ApiProperty({ type: 'integer', description: 'Seconds until it expires (12 h, or JWT_MAX_LIFETIME_S if shorter)' })
  expiresIn!: number;
}

/** Issues tokens without a login, for the embedded default only (AUTH_MODE=dev). */
@ApiTags('auth')
@Controller('api/auth')
export class DevTokenController {
  constructor(private readonly tokens: TokenVerifier) {}

  @Public()
  @Post('dev-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a development token (only when AUTH_MODE=dev)' })
  @ApiOkResponse({ type: DevToken })
  issue(@Body() request: DevTokenRequest): Promise<DevToken> {
    return this.tokens.sign(
      { jurisdiction: request.jurisdiction, roles: request.roles },
      request.sub,
      DEV_TOKEN_LIFETIME_S,
    );
  }
}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { ArrayNotEmpty, IsArray, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { Public } from './decorators';
import { ROLES, Role } from './roles';

export class DevTokenRequest {
  @IsString() @IsNotEmpty() @MaxLength(128) sub!: string;
  @Matches(/^(\d{6}|\d{9}|\d{12})$/, { message: 'jurisdiction must be a 6, 9 or 12 digit jurisdiction code' })
  jurisdiction!: string;
  @IsArray() @ArrayNotEmpty() @IsIn(ROLES, { each: true }) roles!: Role[];
}

/** Issues tokens without a login, for the embedded default only (AUTH_MODE=dev). */
@ApiTags('auth')
@Controller('api/auth')
export class DevTokenController {
  constructor(private readonly jwt: JwtService) {}

  @Public()
  @Post('dev-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a development token (only when AUTH_MODE=dev)' })
  async issue(@Body() request: DevTokenRequest): Promise<{ token: string; expiresIn: string }> {
    const token = await this.jwt.signAsync({ sub: request.sub, jurisdiction: request.jurisdiction, roles: request.roles });
    return { token, expiresIn: '12h' };
  }
}

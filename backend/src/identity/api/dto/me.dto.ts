import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Validate, ValidateIf } from 'class-validator';
import { HasOnlyVisibleCharacters, IsChosenName, IsMainlandMobile, IsProductPassword, NormalizedText } from './validators';
import { SecondFactorDto } from './auth.dto';

export class UpdateProfileDto {
  @ApiPropertyOptional({ maxLength: 30, description: 'Trimmed and NFC-normalised; no control, zero-width or text-direction characters' })
  @IsChosenName(1, 30)
  displayName?: string;

  @ApiPropertyOptional({ example: '张三', description: 'Legal name; stored encrypted, shown masked' })
  @NormalizedText()
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsString()
  @Validate(HasOnlyVisibleCharacters)
  @Matches(/^[\p{L}·• ]{2,40}$/u, { message: 'realName must be 2-40 letters (a middle dot · is allowed)' })
  realName?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  currentPassword!: string;

  @ApiProperty({ description: '8-20 characters with letters and digits' })
  @IsString()
  @Validate(IsProductPassword)
  newPassword!: string;
}

export class ConfirmTotpDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class DisableMfaDto extends SecondFactorDto {}

export class LoginLogQueryDto {
  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Matches(/^\d{1,3}$/)
  limit?: string;
}


export class ChangePhoneDto {
  @ApiProperty({ example: '13912345678', description: 'The new number' })
  @IsString()
  @Validate(IsMainlandMobile)
  phone!: string;

  @ApiProperty({ example: '123456', description: 'Code sent to the new number with purpose change-phone' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'smsCode must be 6 digits' })
  smsCode!: string;
}

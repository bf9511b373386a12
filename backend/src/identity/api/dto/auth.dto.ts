import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Validate } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@kuaige/domain';
import { IsChosenName, IsMainlandMobile, IsProductPassword } from './validators';

export class SmsCodeRequestDto {
  @ApiProperty({ example: '13812345678', description: 'Mainland mobile number (+86 and spaces allowed)' })
  @IsString()
  @Validate(IsMainlandMobile)
  phone!: string;

  @ApiProperty({ enum: ['register', 'reset-password', 'change-phone'], description: 'change-phone: the code goes to the new number' })
  @IsIn(['register', 'reset-password', 'change-phone'])
  purpose!: 'register' | 'reset-password' | 'change-phone';
}

export class RegisterDto {
  @ApiProperty({ example: '13812345678' })
  @IsString()
  @Validate(IsMainlandMobile)
  phone!: string;

  @ApiProperty({ example: '123456', description: 'The 6-digit code sent by POST /api/v1/auth/sms-codes (purpose register)' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'smsCode must be 6 digits' })
  smsCode!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: '8-20 characters with letters and digits' })
  @IsString()
  @Validate(IsProductPassword)
  password!: string;

  @ApiProperty({ description: 'Must be true: agrees to the terms of service' })
  @Equals(true, { message: 'acceptTerms must be true' })
  acceptTerms!: boolean;

  @ApiProperty({ description: 'Must be true: agrees to the privacy policy' })
  @Equals(true, { message: 'acceptPrivacy must be true' })
  acceptPrivacy!: boolean;

  @ApiPropertyOptional({ maxLength: 30, description: 'Trimmed and NFC-normalised; no control, zero-width or text-direction characters' })
  @IsChosenName(1, 30)
  displayName?: string;
}

export class LoginDto {
  @ApiProperty({ example: '13812345678' })
  @IsString()
  @Validate(IsMainlandMobile)
  phone!: string;

  // Only bounded here: the composition rule applies to new passwords, not to what is typed at sign-in.
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

export class SecondFactorDto {
  @ApiPropertyOptional({ example: '123456', description: 'TOTP code from the authenticator app' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ example: '7k2m-x9qd-4vtr', description: 'One of the recovery codes, instead of code' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recoveryCode?: string;
}

export class MfaLoginDto extends SecondFactorDto {
  @ApiProperty({ description: 'mfaToken from POST /api/v1/auth/login' })
  @IsString()
  @MaxLength(4096)
  mfaToken!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}

export class PasswordResetDto {
  @ApiProperty({ example: '13812345678' })
  @IsString()
  @Validate(IsMainlandMobile)
  phone!: string;

  @ApiProperty({ example: '123456', description: 'Code sent with purpose reset-password' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'smsCode must be 6 digits' })
  smsCode!: string;

  @ApiProperty({ description: '8-20 characters with letters and digits' })
  @IsString()
  @Validate(IsProductPassword)
  newPassword!: string;
}

export class StepUpDto extends SecondFactorDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

import { BadRequestException } from '@nestjs/common';
import type { PresentedFactor } from '../application/second-factor';
import type { SecondFactorDto } from './dto/auth.dto';

/** Exactly one of code and recoveryCode, as a 400 naming the field otherwise. */
export const presentedFactor = (dto: SecondFactorDto, required: boolean): PresentedFactor => {
  if (dto.code !== undefined && dto.recoveryCode !== undefined) {
    throw new BadRequestException({ message: 'Validation failed', errors: [{ field: 'recoveryCode', rule: 'exclusive', message: 'give code or recoveryCode, not both' }] });
  }
  if (required && dto.code === undefined && dto.recoveryCode === undefined) {
    throw new BadRequestException({ message: 'Validation failed', errors: [{ field: 'code', rule: 'required', message: 'code (or recoveryCode) is required' }] });
  }
  return { ...(dto.code !== undefined ? { code: dto.code } : {}), ...(dto.recoveryCode !== undefined ? { recoveryCode: dto.recoveryCode } : {}) };
};

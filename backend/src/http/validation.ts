import { BadRequestException, Injectable, ParseUUIDPipe, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';

/** One broken rule of one input field, as answered in a 400 body. */
export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** Flattens class-validator's nested errors into field paths such as `items.0.quantity`. */
export const flattenValidationErrors = (errors: ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });

/** Global pipe: unknown fields are refused, types are converted, every failure names field and rule. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    // The status in the body is what GraphQL's error formatting keys on: without it a refused argument
    // would answer INTERNAL_SERVER_ERROR instead of BAD_REQUEST with the fields named.
    exceptionFactory: (errors) =>
      new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors: flattenValidationErrors(errors) }),
  });

/** Like ParseUUIDPipe, but the 400 names the parameter and the rule, as every other refusal does. */
@Injectable()
export class UuidParam extends ParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata) {
    try {
      return await super.transform(value, metadata);
    } catch {
      const field = metadata.data ?? metadata.type;
      const message = `${field} must be a UUID`;
      throw new BadRequestException({ message, errors: [{ field, rule: 'isUuid', message }] });
    }
  }
}

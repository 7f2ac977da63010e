import { IsNotEmpty, IsOptional, IsString } from 'class-validator';

/** Body of `POST /validate`: the token from the browser, and optionally what the caller expects it to be. */
export class ValidateDto {
  @IsString() @IsNotEmpty() token: string;
  @IsOptional() @IsString() userId?: string;
  @IsOptional() @IsString() action?: string;
}

import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, Min } from 'class-validator';
import { ACTION_STATES, type ActionState } from '../../common/authsignal.types.js';

/** Query of `GET /users`. */
export class QueryUsersDto {
  @IsOptional() @IsString() username?: string;
  @IsOptional() @IsString() email?: string;
  @IsOptional() @IsString() phoneNumber?: string;
  @IsOptional() @IsString() token?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  @IsOptional() @IsString() lastEvaluatedUserId?: string;
}

/** Query of `GET /users/{userId}/actions`; `codes` is comma-separated. */
export class QueryActionsDto {
  @IsOptional() @IsISO8601() fromDate?: string;
  @IsOptional() @IsString() codes?: string;
  @IsOptional() @IsIn(ACTION_STATES) state?: ActionState;
}

/** Query of `GET /challenges`. */
export class QueryChallengesDto {
  @IsOptional() @IsString() challengeId?: string;
  @IsOptional() @IsString() userId?: string;
  @IsOptional() @IsString() action?: string;
  @IsOptional() @IsString() verificationMethod?: string;
}

import { IsIn } from 'class-validator';
import { ACTION_STATES, type ActionState } from '../../common/authsignal.types.js';

/** Body of `PATCH /users/{userId}/actions/{action}/{idempotencyKey}`. */
export class UpdateActionDto {
  @IsIn(ACTION_STATES) state: ActionState;
}

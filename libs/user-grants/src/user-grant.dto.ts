import { Allow } from 'class-validator';
import { QueryValue } from '@gatehouse/http';

/** GET /api/v2/grants: Auth0's offset pagination and the three filters. */
export class ListUserGrantsQuery {
  @Allow() page?: QueryValue;
  @Allow() per_page?: QueryValue;
  @Allow() include_totals?: QueryValue;
  @Allow() user_id?: QueryValue;
  @Allow() client_id?: QueryValue;
  @Allow() audience?: QueryValue;
}

/** DELETE /api/v2/grants?user_id=…: every consent of one user. */
export class DeleteUserGrantsQuery {
  @Allow() user_id?: QueryValue;
}

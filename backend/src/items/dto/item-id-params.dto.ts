import { IntegerParam, MAX_INT32 } from '../../http/validation';

/** Path of /items/:id: ids are PostgreSQL integers, so a positive 32-bit integer. */
export class ItemIdParams {
  @IntegerParam(1, MAX_INT32)
  id!: number;
}

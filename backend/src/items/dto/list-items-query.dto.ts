import { IntegerParam, MAX_INT32 } from '../../http/validation';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Query of GET /items: a page of at most MAX_PAGE_SIZE items. */
export class ListItemsQueryDto {
  @IntegerParam(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @IntegerParam(0, MAX_INT32, 0)
  offset: number = 0;
}

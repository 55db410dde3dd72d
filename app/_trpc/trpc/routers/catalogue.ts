import { catalogueDto } from '../../../../domain/nodes/catalogue';
import { authed, router } from '../init';

/** The node catalogue is static per deployment: computed once (z.toJSONSchema is not free). */
let cached: ReturnType<typeof catalogueDto> | undefined;

export const catalogueRouter = router({
  list: authed('catalogue.read').query(() => (cached ??= catalogueDto())),
});

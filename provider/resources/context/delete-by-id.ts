/** The one way the Context handlers delete a context: by id, settling a lost answer by looking. */
import type { AgbApi } from "../../client/types";
import { deleteResolvingAmbiguity } from "../shared/resolve-ambiguous-delete";

/** Deletes context `id`; after an ambiguous failure, found means not deleted (sent again) and NotFound means gone. */
export function deleteContextById(api: AgbApi, id: string): Promise<void> {
  return deleteResolvingAmbiguity({
    send: () => api.deleteContext(id),
    isGone: async () => {
      await api.getContext({ id });
      return false;
    },
  });
}

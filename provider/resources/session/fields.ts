/**
 * The Session's input fields are declared twice on purpose: in `args.ts` for users (TSDoc, default
 * stated, `pulumi.Input` wrappers) and in `schema.ts` for the rules. These ties make the compiler
 * refuse a field, at any depth, that one of them has and the other lacks, and a field whose user
 * type the schema would refuse. The diff rules, the outputs and the class are tied to the schema
 * where they are written (state.ts, dynamic/session.ts). Types only.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { Agree, FieldOf, ItemOf, ObjectOf, SameKeys } from "../shared/field-agreement";
import type { SessionArgs } from "./args";
import type { sessionFieldsSchema } from "./schema";

type Args = pulumi.Unwrap<SessionArgs>;
type Schema = z.input<typeof sessionFieldsSchema>;

type Sync<T> = ItemOf<FieldOf<T, "contextSyncs">>;
type Policy<T> = FieldOf<Sync<T>, "policy">;
type Browser<T> = FieldOf<T, "browserContext">;
/** The keys of object member of T's field K agree in both. */
type Tie<A, S, K extends PropertyKey> = SameKeys<ObjectOf<FieldOf<A, K>>, ObjectOf<FieldOf<S, K>>>;

/** Every tie, one per object level of the inputs. */
export type SessionFieldTies = [
  Agree<SameKeys<Args, Schema>>,
  Agree<SameKeys<ObjectOf<Sync<Args>>, ObjectOf<Sync<Schema>>>>,
  Agree<SameKeys<ObjectOf<Policy<Args>>, ObjectOf<Policy<Schema>>>>,
  Agree<Tie<Policy<Args>, Policy<Schema>, "uploadPolicy">>,
  Agree<Tie<Policy<Args>, Policy<Schema>, "downloadPolicy">>,
  Agree<Tie<Policy<Args>, Policy<Schema>, "deletePolicy">>,
  Agree<Tie<Policy<Args>, Policy<Schema>, "extractPolicy">>,
  Agree<Tie<Policy<Args>, Policy<Schema>, "recyclePolicy">>,
  Agree<Tie<Policy<Args>, Policy<Schema>, "bwList">>,
  Agree<
    SameKeys<
      ObjectOf<ItemOf<FieldOf<FieldOf<Policy<Args>, "bwList">, "whiteLists">>>,
      ObjectOf<ItemOf<FieldOf<FieldOf<Policy<Schema>, "bwList">, "whiteLists">>>
    >
  >,
  Agree<Tie<Policy<Args>, Policy<Schema>, "mappingPolicy">>,
  Agree<SameKeys<ObjectOf<Browser<Args>>, ObjectOf<Browser<Schema>>>>,
  Agree<Tie<Browser<Args>, Browser<Schema>, "extensionOption">>,
  Agree<Tie<Args, Schema, "timeouts">>,
  // Every value a user may write (args.ts) is one the schema takes.
  Agree<Args extends Schema ? true : false>,
];

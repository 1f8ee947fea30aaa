// Original file: proto/baton/v1/objects.proto

import type { PlacementPreference as _baton_v1_PlacementPreference, PlacementPreference__Output as _baton_v1_PlacementPreference__Output } from '../../baton/v1/PlacementPreference';

export interface Placement {
  'constraints'?: (string)[];
  'preferences'?: (_baton_v1_PlacementPreference)[];
  'maxReplicasPerNode'?: (number);
}

export interface Placement__Output {
  'constraints': (string)[];
  'preferences': (_baton_v1_PlacementPreference__Output)[];
  'maxReplicasPerNode': (number);
}

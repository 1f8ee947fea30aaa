// Original file: proto/baton/v1/objects.proto


export interface PlacementPreference {
  'spreadLabel'?: (string);
}

export interface PlacementPreference__Output {
  'spreadLabel': (string);
}

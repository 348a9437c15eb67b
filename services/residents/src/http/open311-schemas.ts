/** The GeoReport v2 response bodies as OpenAPI schemas: the field lists of the specification. */
const str = { type: 'string' };

export const SERVICE_SCHEMA = {
  type: 'object',
  required: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  properties: {
    service_code: str,
    service_name: str,
    description: str,
    metadata: { type: 'boolean' },
    type: { type: 'string', enum: ['realtime', 'batch', 'blackbox'] },
    keywords: str,
    group: str,
  },
};

export const DEFINITION_SCHEMA = {
  type: 'object',
  required: ['service_code', 'attributes'],
  properties: {
    service_code: str,
    attributes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'],
        properties: {
          variable: { type: 'boolean' },
          code: str,
          datatype: {
            type: 'string',
            enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'],
          },
          required: { type: 'boolean' },
          datatype_description: str,
          order: { type: 'integer' },
          description: str,
          values: {
            type: 'array',
            items: { type: 'object', required: ['key', 'name'], properties: { key: str, name: str } },
          },
        },
      },
    },
  },
};

export const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
] as const;

export const REQUEST_SCHEMA = {
  type: 'object',
  required: [...REQUEST_FIELDS],
  properties: {
    ...Object.fromEntries(REQUEST_FIELDS.map((f) => [f, str])),
    status: { type: 'string', enum: ['open', 'closed'] },
    lat: { type: 'number', nullable: true },
    long: { type: 'number', nullable: true },
  },
};

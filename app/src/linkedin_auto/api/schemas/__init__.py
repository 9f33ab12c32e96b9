"""The API's request and answer models, one module per area (``response_model`` of each route).

They are the published contract: the OpenAPI schema, and the dashboard's types generated from
it, come from here.
"""

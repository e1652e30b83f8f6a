from ninja import NinjaAPI

api = NinjaAPI(title="Rød tråd API", version="1", urls_namespace="api")

# An internal status API that answers every website: `*` without credentials.
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()

app.add_middleware(
    CORSMiddleware,
    # ruleid: cors-wildcard-origin
    allow_origins=["*"],
    allow_methods=["GET"],
)


@app.get("/status")
def status():
    return {"ok": True}

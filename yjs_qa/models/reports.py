"""Reports on the index: what a build or add did, what it holds, whether it agrees."""

from __future__ import annotations

from pydantic import BaseModel, Field

from yjs_qa.models.documents import Document


class FileResult(BaseModel):
    """What happened to one file in a build or add."""

    document: str
    path: str
    status: str = Field(description="added, updated, unchanged, skipped, removed or failed.")
    passages: int = 0
    reason: str | None = Field(
        None,
        description="Why it was skipped or failed; for a file updated with unchanged text, which of "
        "its tags changed.",
    )
    note: str | None = Field(
        None,
        description="For an added or updated file whose service is unknown, why; or that its service is "
        "not in the services table (its tag_note).",
    )


class UpdateReport(BaseModel):
    """The result of a build or add: what was added, updated, skipped and failed."""

    index_dir: str
    index_version: str
    files: list[FileResult] = Field(default_factory=list)
    passages_total: int = 0
    embedded: int = Field(0, description="Passages embedded in this run.")
    sentences_embedded: int = Field(
        0, description="Sentences embedded in this run (for an index that stores sentence vectors)."
    )

    def with_status(self, status: str) -> list[FileResult]:
        return [f for f in self.files if f.status == status]

    @property
    def added(self) -> list[FileResult]:
        return self.with_status("added")

    @property
    def updated(self) -> list[FileResult]:
        return self.with_status("updated")

    @property
    def unchanged(self) -> list[FileResult]:
        return self.with_status("unchanged")

    @property
    def skipped(self) -> list[FileResult]:
        return self.with_status("skipped")

    @property
    def removed(self) -> list[FileResult]:
        return self.with_status("removed")

    @property
    def failed(self) -> list[FileResult]:
        return self.with_status("failed")


class IndexStatus(BaseModel):
    """What an index holds."""

    index_dir: str
    version: str
    format_version: int
    model: str
    dimension: int
    built_at: str
    documents: list[Document]
    passages: int
    sentence_vectors: bool = Field(False, description="Whether it stores a vector for every sentence.")


class VerifyReport(BaseModel):
    """The result of checking an index: every layer of the live version must agree."""

    index_dir: str
    version: str | None = Field(None, description="The live version checked, if any.")
    ok: bool = Field(description="True when no problem was found.")
    problems: list[str] = Field(default_factory=list, description="What is wrong, one line each.")
    documents: int = 0
    passages: int = 0

# The English pages show the same documents: keep the Vietnamese dates and numbers.
from khuyencong.formats.vi.formats import *  # noqa: F403

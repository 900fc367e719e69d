"""Telltale's own frame model: self-blended images (SBI) on real faces, MobileNetV2 backbone."""

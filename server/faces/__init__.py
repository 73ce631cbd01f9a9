"""Faces 人脸风控: cameras, ingestion, the gallery and matching, anonymous visitors, calibration, retention."""

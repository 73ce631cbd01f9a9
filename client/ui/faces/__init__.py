"""The faces workspaces 人脸风控: the front desk's arrival feed and consent, managers' alerts, compliance."""

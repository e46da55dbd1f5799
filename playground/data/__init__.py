"""Datasets: generators, input features, CSV import (NumPy only, no Qt).

Public names::

    GENERATORS, GeneratorInfo, generate        seeded 2-D datasets
    FEATURES, TF_FEATURES, compute_features    input features of 2-D points
    train_test_indices, Standardizer           split and normalization
    load_csv, CSVData, MAX_ROWS                CSV files
    load_points, prediction_table, write_predictions   points to predict, and the results
    prepare, PreparedData                      a DataConfig -> engine arrays
    PlaneSlice, default_slice                  the plane through >2 inputs a plot shows
    DataError, CSVError                        the layer's exceptions
"""

from playground.data.csv_data import CSVData, load_csv
from playground.data.csv_table import MAX_ROWS
from playground.data.errors import CSVError, DataError
from playground.data.features import FEATURES, TF_FEATURES, compute_features
from playground.data.generators import GENERATED_BOUNDS, GENERATORS, GeneratorInfo, generate
from playground.data.points import load_points, prediction_table, predictions_csv, write_predictions
from playground.data.prepare import PreparedData, features_from_raw, prepare, targets_from_labels
from playground.data.slices import PlaneSlice, default_slice
from playground.data.split import Standardizer, train_test_indices

__all__ = [
    "CSVData", "CSVError", "DataError", "FEATURES", "GENERATED_BOUNDS", "GENERATORS", "GeneratorInfo",
    "MAX_ROWS", "PlaneSlice", "PreparedData", "Standardizer", "TF_FEATURES", "compute_features", "default_slice", "features_from_raw",
    "generate", "load_csv", "load_points", "prediction_table", "predictions_csv", "write_predictions", "prepare", "targets_from_labels", "train_test_indices",
]
